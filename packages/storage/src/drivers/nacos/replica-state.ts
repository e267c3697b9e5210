/**
 * A replica's view of the store: every key's current value and revisions, the applied revision and
 * the event ring subscribers resume from. It changes only by applying committed log entries (or a
 * full resynchronisation), in revision order.
 */
import type { DriverEvent, KeyValue } from '../../driver.js';
import { DriverEventHub } from '../event-hub.js';
import type { IndexRecord, LogEntry } from './change-log.js';

export interface StoredKey {
  kv: KeyValue;
  md5: string;
}

export class ReplicaState {
  readonly keys = new Map<string, StoredKey>();
  #applied = 0;
  #published = 0;
  hub: DriverEventHub;
  private readonly waiters = new Set<{ revision: number; resolve: () => void }>();

  get applied(): number {
    return this.#applied;
  }

  /**
   * The newest revision subscribers hold: of the last event published, or where the history
   * restarted. Below `applied` when revisions were allocated without a committed write (a failover
   * gap, a write that failed after its revision was taken): a reader that waits for `applied` in
   * its watch cache would wait for an event that never comes.
   */
  get published(): number {
    return this.#published;
  }

  set applied(revision: number) {
    this.#applied = revision;
    for (const w of this.waiters) {
      if (w.revision <= revision) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Resolves once `revision` is applied, or after `timeoutMs` (the caller then answers with what it has). */
  whenApplied(revision: number, timeoutMs: number): Promise<void> {
    if (revision <= this.#applied) return Promise.resolve();
    return new Promise((resolve) => {
      const w = {
        revision,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        resolve();
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  constructor(private readonly historyLimit: number) {
    this.hub = new DriverEventHub({ limit: historyLimit, startRevision: 0 });
  }

  /** Applies one committed entry (r > applied) with its value; returns the event it produced. */
  apply(entry: LogEntry, value: string | undefined): DriverEvent | undefined {
    const prev = this.keys.get(entry.k);
    this.applied = Math.max(this.applied, entry.r);
    if (entry.o === 'd') {
      if (!prev) return undefined;
      this.keys.delete(entry.k);
      return { type: 'delete', revision: entry.r, kv: prev.kv };
    }
    const kv: KeyValue = { key: entry.k, value: value ?? '', revision: entry.r, createRevision: entry.c };
    this.keys.set(entry.k, { kv, md5: entry.m ?? '' });
    return prev
      ? { type: 'update', revision: entry.r, kv, prev: prev.kv }
      : { type: 'create', revision: entry.r, kv };
  }

  publish(events: Array<DriverEvent | undefined>): void {
    const list = events.filter((e): e is DriverEvent => e !== undefined);
    if (list.length > 0) this.#deliver(list);
  }

  /**
   * Replaces the whole state after a resynchronisation at `revision`. Subscribers receive the
   * difference as events: changed keys at their own revisions and vanished keys as deletes at
   * `deleteRevision` (the checkpoint the gap ended at), all above the old applied revision.
   */
  replace(next: Map<string, StoredKey>, revision: number, deleteRevision: number): void {
    const events: DriverEvent[] = [];
    for (const [key, cur] of next) {
      const old = this.keys.get(key);
      if (old && old.kv.revision === cur.kv.revision) continue;
      events.push(
        old
          ? { type: 'update', revision: cur.kv.revision, kv: cur.kv, prev: old.kv }
          : { type: 'create', revision: cur.kv.revision, kv: cur.kv },
      );
    }
    for (const [key, old] of this.keys) {
      if (!next.has(key))
        events.push({ type: 'delete', revision: Math.max(deleteRevision, this.applied + 1), kv: old.kv });
    }
    events.sort((a, b) => a.revision - b.revision);
    this.keys.clear();
    for (const [k, v] of next) this.keys.set(k, v);
    const fresh = events.filter((e) => e.revision > this.applied);
    this.applied = Math.max(this.applied, revision);
    if (fresh.length > 0) this.#deliver(fresh);
  }

  #deliver(events: DriverEvent[]): void {
    this.#published = Math.max(this.#published, events[events.length - 1]!.revision);
    this.hub.publish(events);
  }

  /** Restarts the event ring at `revision` (initial load: nothing older can be replayed). */
  resetHistory(revision: number): void {
    this.hub.clear();
    this.hub = new DriverEventHub({ limit: this.historyLimit, startRevision: revision });
    this.#published = revision;
  }

  indexRecords(): IndexRecord[] {
    return [...this.keys.values()].map((s) => ({
      k: s.kv.key,
      r: s.kv.revision,
      c: s.kv.createRevision,
      m: s.md5,
    }));
  }

  list(prefix: string): KeyValue[] {
    const out: KeyValue[] = [];
    for (const [key, s] of this.keys) if (key.startsWith(prefix)) out.push(s.kv);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
