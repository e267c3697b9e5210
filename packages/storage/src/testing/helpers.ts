import type { DriverEvent, StorageDriver } from '../driver.js';
import type { WatchEvent, Watcher } from '../store-types.js';

/** What a conformance suite needs from a driver under test. */
export interface DriverFixture {
  driver: StorageDriver;
  /** Closes nothing; opens a fresh driver over the same persistent state (not started). */
  reopen?: () => Promise<StorageDriver>;
  cleanup: () => Promise<void>;
}

export type MakeDriver = () => Promise<DriverFixture>;

/** A value shaped like a stored object (YAML), so drivers that look inside values accept it. */
export function objectValue(key: string, revision: number, payload = 'v'): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  resourceVersion: "${revision}"\ndata:\n  payload: "${payload}"\n`;
}

/** Subscribes and accumulates every event delivered, synchronously or not. */
export function collect(driver: StorageDriver, afterRevision: number) {
  const events: DriverEvent[] = [];
  const unsubscribe = driver.subscribe(afterRevision, (batch) => events.push(...batch));
  return { events, unsubscribe };
}

/** Polls until `condition` holds (deadline-bounded, not a timing assertion). */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Reads the next `count` events of a watch. */
export async function take(iterator: AsyncIterator<WatchEvent>, count: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  while (events.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

/** Drains a watch until it ends. */
export async function drain(watcher: Watcher): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  for await (const event of watcher) events.push(event);
  return events;
}

/** `type name@rv` summaries, for readable assertions. */
export function summary(events: readonly WatchEvent[]): string[] {
  return events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`.trim());
}
