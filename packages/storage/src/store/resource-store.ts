import { cloneJson, isStorageError, StorageError } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type {
  DeleteOptions,
  GetOptions,
  ListOptions,
  ListResult,
  ResourceStore,
  TryUpdate,
  UpdateOptions,
  WatchEvent,
  Watcher,
  WatchOptions,
  WriteOptions,
} from '../store-types.js';
import type { StoreCore } from './core.js';
import { listPrefix, objectKey } from './keys.js';
import { listObjects, parseResourceVersion } from './list.js';
import { formatTime } from './object-meta.js';
import type { ResourceCache } from './resource-cache.js';
import { eventFor, eventObject, objectsOf } from './watch-events.js';
import { QueueWatcher } from './watcher.js';
import { createObject, deleteObject, updateObject } from './writes.js';

/** The per-kind view over the shared cache (the generic registry Store of k8s.io/apiserver). */
export class ResourceStoreImpl implements ResourceStore {
  constructor(
    private readonly core: StoreCore,
    private readonly cache: ResourceCache,
    readonly definition: ResourceDefinition,
  ) {}

  /** A private, mutable copy, or with `shared` the cache's frozen object. */
  async get(namespace: string | undefined, name: string, options?: GetOptions): Promise<KubeObject> {
    const key = this.key(namespace, name);
    await this.core.fresh(key);
    const entry = this.cache.entries.get(key);
    if (!entry) throw new StorageError('KeyNotFound', key);
    const object = this.cache.objectOf(entry);
    return options?.shared ? object : cloneJson(object);
  }

  /** Items are frozen and shared with the cache. */
  list(options: ListOptions): Promise<ListResult> {
    return listObjects(this.core, this.cache, this.definition, this.scoped(options));
  }

  create(obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    return createObject(this.context(), obj, options);
  }

  async update(
    namespace: string | undefined,
    name: string,
    tryUpdate: TryUpdate,
    options: UpdateOptions = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    const key = this.key(namespace, name);
    try {
      return await updateObject(this.context(), key, tryUpdate, options);
    } catch (err) {
      // Writing to an implied object (`kubectl label ns` on a namespace nobody created) first
      // stores it, as it is shown, with a uid and creation time of its own.
      const entry =
        isStorageError(err, 'KeyNotFound') && !options.dryRun ? this.cache.entries.get(key) : undefined;
      if (!entry?.implied) throw err;
      await this.materialise(entry.object!);
      return updateObject(this.context(), key, tryUpdate, options);
    }
  }

  async delete(
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<{ object: KubeObject; deleted: boolean }> {
    const key = this.key(namespace, name);
    try {
      return await deleteObject(this.context(), key, options);
    } catch (err) {
      // Deleting an implied object (a namespace that holds objects nobody stored a Namespace for)
      // first stores it as shown, as an update does, so that its deletion runs as for any other.
      const entry = isStorageError(err, 'KeyNotFound') ? this.cache.entries.get(key) : undefined;
      if (!entry?.implied) throw err;
      if (options.dryRun) return this.dryRunDelete(entry.object!);
      await this.materialise(entry.object!);
      return deleteObject(this.context(), key, options);
    }
  }

  /** What deleting `implied` would answer, for a dry run that must not store it. */
  private dryRunDelete(implied: KubeObject): { object: KubeObject; deleted: boolean } {
    const object = cloneJson(implied);
    if (!this.definition.strategy?.holdsDeletion?.(object)) return { object, deleted: true };
    object.metadata.deletionTimestamp = formatTime(this.core.now());
    this.definition.strategy.prepareForDelete?.(object);
    return { object, deleted: false };
  }

  /** Stores an implied object as it is shown, with a uid and creation time of its own. */
  private async materialise(implied: KubeObject): Promise<void> {
    const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...metadata } = implied.metadata;
    try {
      await createObject(this.context(), { ...implied, metadata }, {});
    } catch (createErr) {
      if (!isStorageError(createErr, 'KeyExists')) throw createErr;
    }
  }

  /**
   * WATCH from the cache. The initial state (or the replay after N) and the registration happen in
   * one synchronous step, so no committed event can fall between them.
   */
  async watch(options: WatchOptions): Promise<Watcher> {
    const { namespace, predicate } = this.scoped(options);
    const prefix = listPrefix(this.definition, namespace);
    const rv = parseResourceVersion(options.resourceVersion, prefix);
    if (rv === undefined) await this.core.fresh(prefix);
    else if (rv > this.core.revision && !(await this.core.waitFor(rv))) {
      // A revision from before a restart of a volatile store: 410 makes clients relist.
      throw new StorageError(
        'Compacted',
        prefix,
        `too large resource version: ${rv} (${this.core.revision})`,
        {
          revision: this.core.revision,
        },
      );
    }
    const onAbort = () => watcher.end('aborted');
    const watcher: QueueWatcher = new QueueWatcher(
      prefix,
      predicate,
      options.allowBookmarks === true,
      this.core.queueLimit,
      (w) => {
        this.cache.watchers.delete(w);
        options.signal.removeEventListener('abort', onAbort);
      },
    );
    const fromNow = rv === undefined || rv === 0;
    let initial: WatchEvent[] = [];
    if (options.sendInitialEvents ?? fromNow) {
      initial = this.initialEvents(watcher, options.sendInitialEvents === true);
    } else if (!fromNow) {
      initial = this.replay(watcher, rv);
    }
    watcher.setInitial(initial);
    if (options.signal.aborted) {
      watcher.end('aborted');
      return watcher;
    }
    this.cache.watchers.add(watcher);
    options.signal.addEventListener('abort', onAbort, { once: true });
    return watcher;
  }

  /** Synthetic ADDED events for the current matching state, then the initial-events-end BOOKMARK when asked. */
  private initialEvents(watcher: QueueWatcher, withEndMarker: boolean): WatchEvent[] {
    const events: WatchEvent[] = [];
    for (const [key, entry] of this.cache.stateAt(this.core.revision, watcher.prefix, undefined)) {
      const object = this.cache.objectOf(entry);
      if (watcher.matches(key, object)) events.push({ type: 'ADDED', object });
    }
    if (withEndMarker) {
      const object = this.core.bookmarkObject(this.definition, { 'k8s.io/initial-events-end': 'true' });
      events.push({ type: 'BOOKMARK', object });
    }
    return events;
  }

  /** The events after `rv` from the history; throws `Compacted` (410) when they are gone. */
  private replay(watcher: QueueWatcher, rv: number): WatchEvent[] {
    const floor = this.cache.floor;
    if (rv < floor) {
      throw new StorageError('Compacted', watcher.prefix, `too old resource version: ${rv} (${floor})`, {
        revision: floor,
      });
    }
    const events: WatchEvent[] = [];
    for (const history of this.cache.historyAfter(rv)) {
      let objects: ReturnType<typeof objectsOf>;
      try {
        objects = objectsOf(this.cache, history);
      } catch (err) {
        // An undecodable value in the history: the client must relist (410) instead of retrying forever.
        if (!isStorageError(err, 'Corrupt')) throw err;
        throw new StorageError(
          'Compacted',
          watcher.prefix,
          `resource version ${rv} cannot be replayed: ${err.message}`,
          {
            revision: history.revision,
          },
        );
      }
      const type = eventFor(watcher, history, objects.object, objects.prev);
      if (type) events.push({ type, object: eventObject(type, history, objects) });
    }
    return events;
  }

  private key(namespace: string | undefined, name: string): string {
    const ns = this.definition.scope === 'Namespaced' ? namespace : undefined;
    if (this.definition.scope === 'Namespaced' && !ns) {
      throw new StorageError('InvalidObject', `${this.definition.plural}/${name}`, 'a namespace is required');
    }
    if (!name) throw new StorageError('InvalidObject', this.definition.plural, 'a name is required');
    return objectKey(this.definition, ns, name);
  }

  private scoped<T extends { namespace?: string | undefined }>(options: T): T {
    return this.definition.scope === 'Namespaced' ? options : { ...options, namespace: undefined };
  }

  private context() {
    return { core: this.core, cache: this.cache, def: this.definition };
  }
}
