import { StorageError } from '@hs/apimachinery';
import type { DriverEvent } from '../driver.js';
import { RevisionLog } from '../revision-log.js';

/**
 * The event log and subscriber fan-out shared by the in-process drivers, in the spirit of kine's
 * broadcaster (pkg/broadcaster/broadcaster.go): a bounded log of committed events serves resumes,
 * and every publish is delivered synchronously, in order, to every subscriber.
 */
export class DriverEventHub {
  readonly #log: RevisionLog<DriverEvent>;
  readonly #subscribers = new Set<{ after: number; onEvents: (events: DriverEvent[]) => void }>();

  /** `maxBytes` bounds the log by the size of the values it keeps too (default 32 MiB). */
  constructor(options: { limit: number; startRevision: number; maxBytes?: number }) {
    this.#log = new RevisionLog({ ...options, bytesOf });
  }

  /** Appends committed events (increasing revisions) and delivers them to every subscriber. */
  publish(events: DriverEvent[]): void {
    if (events.length === 0) return;
    this.#log.append(events);
    for (const sub of this.#subscribers) {
      const fresh = events[0]!.revision > sub.after ? events : events.filter((e) => e.revision > sub.after);
      if (fresh.length === 0) continue;
      sub.after = fresh[fresh.length - 1]!.revision;
      try {
        sub.onEvents(fresh);
      } catch (err) {
        // A subscriber's bug must not fail the write that produced the event.
        console.error('storage: driver subscriber threw', err);
      }
    }
  }

  /**
   * Delivers the logged events after `afterRevision` synchronously, then every later publish.
   * Throws StorageError `Compacted` when the log no longer reaches back to `afterRevision`.
   */
  subscribe(afterRevision: number, onEvents: (events: DriverEvent[]) => void): () => void {
    if (afterRevision < this.#log.floor) {
      throw new StorageError(
        'Compacted',
        '',
        `revision ${afterRevision} has been compacted (oldest ${this.#log.floor})`,
        {
          revision: this.#log.floor,
        },
      );
    }
    const sub = { after: afterRevision, onEvents };
    const backlog = this.#log.after(afterRevision);
    if (backlog.length > 0) {
      sub.after = backlog[backlog.length - 1]!.revision;
      onEvents(backlog);
    }
    this.#subscribers.add(sub);
    return () => {
      this.#subscribers.delete(sub);
    };
  }

  /** Drops every subscriber (driver close). */
  clear(): void {
    this.#subscribers.clear();
  }
}

function bytesOf(event: DriverEvent): number {
  return event.kv.value.length + (event.type === 'update' ? event.prev.value.length : 0);
}
