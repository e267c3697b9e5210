import { deepFreeze, StorageError } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { DriverEvent, KeyValue } from '../driver.js';
import { RevisionLog } from '../revision-log.js';
import { SortedKeys } from '../sorted-keys.js';
import { withResourceVersion } from './codec.js';
import type { QueueWatcher } from './watcher.js';

/** A cached value: the raw driver value and, once its kind is known, the decoded frozen object. */
export interface CacheEntry {
  kv: KeyValue;
  object?: KubeObject;
  error?: StorageError;
  /** Written under an old encryption key or format: rewrite on the next update. */
  stale: boolean;
  /**
   * Not stored: an object implied by a namespace in use (namespace-objects.ts), with `object` set
   * and an empty `kv.value`. Reads and watches see it as any entry; writes see only stored ones.
   */
  implied?: true;
}

export interface HistoryEvent {
  type: DriverEvent['type'];
  revision: number;
  key: string;
  /** The new value (create, update) or the last value (delete). */
  entry: CacheEntry;
  /** The previous value of an update, or the implied entry a create of a stored object replaced. */
  prev?: CacheEntry;
  /** Memo: the last value stamped with the delete's revision, as the DELETED event carries it. */
  deleted?: KubeObject;
}

export type Decoder = (def: ResourceDefinition, kv: KeyValue) => { object: KubeObject; stale: boolean };

/**
 * The watch cache of one plural: decoded objects in key order plus a bounded history of events for
 * watch resumes and consistent paging (k8s.io/apiserver pkg/storage/cacher/watch_cache.go).
 */
export class ResourceCache {
  def: ResourceDefinition | undefined;
  readonly entries = new Map<string, CacheEntry>();
  readonly keys = new SortedKeys();
  readonly watchers = new Set<QueueWatcher>();
  readonly #history: RevisionLog<HistoryEvent>;

  constructor(
    readonly plural: string,
    startRevision: number,
    historyLimit: number,
    private readonly decoder: Decoder,
    /** The history is also cut to this many bytes of stored values (default 32 MiB). */
    historyByteLimit?: number,
  ) {
    this.#history = new RevisionLog({
      startRevision,
      limit: historyLimit,
      bytesOf,
      ...(historyByteLimit === undefined ? {} : { maxBytes: historyByteLimit }),
    });
  }

  /** Every event of this plural with a revision above `floor` is in the history. */
  get floor(): number {
    return this.#history.floor;
  }

  /** Loads an entry present when the store started (no history event). */
  load(entry: CacheEntry): void {
    this.entries.set(entry.kv.key, entry);
    this.keys.add(entry.kv.key);
  }

  /** The entry under `key` when a stored value backs it (what writes compare-and-set against). */
  stored(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    return entry?.implied ? undefined : entry;
  }

  /**
   * Applies one committed event (of the driver, or of an implied entry) and records it in the
   * history. A stored value written over an implied entry is a create (clients see ADDED) that
   * rolls back to the implied entry.
   */
  apply(event: DriverEvent, entry: CacheEntry): HistoryEvent {
    const key = event.kv.key;
    const prev = this.entries.get(key);
    let history: HistoryEvent;
    if (event.type === 'delete') {
      this.entries.delete(key);
      this.keys.delete(key);
      history = { type: 'delete', revision: event.revision, key, entry: prev ?? entry };
    } else {
      this.entries.set(key, entry);
      this.keys.add(key);
      history =
        prev === undefined
          ? { type: 'create', revision: event.revision, key, entry }
          : { type: prev.implied ? 'create' : 'update', revision: event.revision, key, entry, prev };
    }
    this.#record(history);
    return history;
  }

  /** The decoded object of an entry; throws StorageError `Corrupt` for undecodable values. */
  objectOf(entry: CacheEntry): KubeObject {
    if (entry.object) return entry.object;
    if (entry.error) throw entry.error;
    const def = this.def;
    if (!def)
      throw new StorageError('InvalidObject', entry.kv.key, `no resource definition for ${this.plural}`);
    try {
      const { object, stale } = this.decoder(def, entry.kv);
      entry.object = deepFreeze(object);
      entry.stale = stale;
      return entry.object;
    } catch (err) {
      entry.error =
        err instanceof StorageError
          ? err
          : new StorageError('Corrupt', entry.kv.key, `stored value of ${entry.kv.key} cannot be decoded`, {
              cause: err,
            });
      const cause = entry.error.cause instanceof Error ? `: ${entry.error.cause.message.split('\n')[0]}` : '';
      console.error(`storage: ${entry.error.message}${cause}`);
      throw entry.error;
    }
  }

  /** The object a DELETED event carries: the last state with the delete's resourceVersion. */
  deletedObject(event: HistoryEvent): KubeObject {
    event.deleted ??= deepFreeze(withResourceVersion(this.objectOf(event.entry), event.revision));
    return event.deleted;
  }

  /** Events at or below `revision` happened before this cache kept history. */
  raiseFloor(revision: number): void {
    this.#history.raiseFloor(revision);
  }

  /** History events with a revision above `revision`, oldest first. */
  historyAfter(revision: number): HistoryEvent[] {
    return this.#history.after(revision);
  }

  /**
   * The entries under `prefix` (after key `after`) as they were at `revision`, in key order, by
   * rolling back newer history events. Throws `Compacted` when the history no longer reaches back.
   */
  *stateAt(revision: number, prefix: string, after: string | undefined): Generator<[string, CacheEntry]> {
    if (revision < this.floor) {
      throw new StorageError(
        'Compacted',
        prefix,
        `revision ${revision} is older than the history (${this.floor})`,
        {
          revision: this.floor,
        },
      );
    }
    const newer = this.historyAfter(revision);
    if (newer.length === 0) {
      for (const key of this.keys.withPrefix(prefix, after)) yield [key, this.entries.get(key)!];
      return;
    }
    const overlay = new Map<string, CacheEntry | null>();
    for (let i = newer.length - 1; i >= 0; i--) {
      const e = newer[i]!;
      overlay.set(e.key, e.type === 'create' ? (e.prev ?? null) : e.type === 'update' ? e.prev! : e.entry);
    }
    const keys = new Set(this.keys.withPrefix(prefix, after));
    for (const key of overlay.keys()) {
      if (key.startsWith(prefix) && (after === undefined || key > after)) keys.add(key);
    }
    for (const key of [...keys].sort(compareKeys)) {
      const entry = overlay.has(key) ? overlay.get(key) : this.entries.get(key);
      if (entry) yield [key, entry];
    }
  }

  /** How many entries `stateAt(revision, prefix, after)` yields, without walking the current ones. */
  countAt(revision: number, prefix: string, after: string | undefined): number {
    let count = this.keys.countWithPrefix(prefix, after);
    const then = new Map<string, boolean>();
    const newer = this.historyAfter(revision);
    for (let i = newer.length - 1; i >= 0; i--) {
      const e = newer[i]!;
      if (!e.key.startsWith(prefix) || (after !== undefined && e.key <= after)) continue;
      then.set(e.key, e.type === 'create' ? e.prev !== undefined : true);
    }
    for (const [key, existed] of then) count += (existed ? 1 : 0) - (this.entries.has(key) ? 1 : 0);
    return count;
  }

  #record(event: HistoryEvent): void {
    this.#history.append([event]);
  }
}

function bytesOf(event: HistoryEvent): number {
  return event.entry.kv.value.length + (event.prev ? event.prev.kv.value.length : 0);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
