import { deepFreeze, identityTransformer, StorageError, type ValueTransformer } from '@hs/apimachinery';
import type { KubeObject, Registry, ResourceDefinition } from '@hs/resources';
import type { DriverEvent, Encode, StorageDriver } from '../driver.js';
import type { ResourceStore, Storage } from '../store-types.js';
import { decodeValue, renderTemplate, type ValueFormat, withResourceVersion } from './codec.js';
import type { StoreCore } from './core.js';
import { pluralOf, storageApiVersion } from './keys.js';
import { NamespaceObjects } from './namespace-objects.js';
import { formatTime } from './object-meta.js';
import { type CacheEntry, ResourceCache } from './resource-cache.js';
import { ResourceStoreImpl } from './resource-store.js';
import { restampResourceVersion } from './restamp.js';
import type { CreateStorageOptions } from './storage-options.js';
import { fanOut } from './watch-events.js';

/**
 * The shared state behind every per-kind store: the driver, the watch caches, the one driver
 * subscription that feeds them, the write memo and the bookmark timer. Per-kind stores see it only
 * through `StoreCore` (core.ts), so they never depend on this class or on the factory.
 */
export class StorageCore implements Storage, StoreCore {
  readonly driver: StorageDriver;
  readonly transformer: ValueTransformer;
  readonly format: ValueFormat;
  readonly now: () => Date;
  readonly queueLimit: number;
  readonly futureWaitMs: number;
  /** The newest driver revision applied to the cache. */
  revision = 0;
  #startRevision = 0;
  readonly #historyLimit: number;
  readonly #historyBytes: number | undefined;
  readonly #bookmarkIntervalMs: number;
  readonly #registry: Registry | undefined;
  readonly #caches = new Map<string, ResourceCache>();
  readonly #stores = new Map<string, ResourceStoreImpl>();
  /** Namespaces holding objects and the objects they imply (namespace-objects.ts). */
  readonly #namespaces: NamespaceObjects;
  #waiters: { revision: number; resolve: () => void }[] = [];
  /** Objects this process just encoded, by `key@revision`, so the cache need not decode them again. */
  readonly #written = new Map<string, KubeObject>();
  #unsubscribe: (() => void) | undefined;
  #bookmarkTimer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #warmSliceSize: number;
  /** Set while the objects loaded at start are being decoded in slices. */
  #warming: { done: number; total: number } | undefined;

  constructor(options: CreateStorageOptions) {
    this.driver = options.driver;
    this.transformer = options.transformer ?? identityTransformer;
    this.format = options.driver.valueFormat ?? 'json';
    this.now = options.now ?? (() => new Date());
    this.queueLimit = options.watcherQueueLimit ?? 10_000;
    this.futureWaitMs = options.futureRevisionWaitMs ?? 3_000;
    this.#historyLimit = options.historyLimit ?? 10_000;
    this.#historyBytes = options.historyBytes;
    this.#bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
    this.#registry = options.registry;
    this.#warmSliceSize = Math.max(1, options.warmSliceSize ?? 500);
    this.#namespaces = new NamespaceObjects(formatTime(this.now()));
  }

  async start(): Promise<void> {
    await this.driver.start({ restamp: restampResourceVersion });
    const { revision, kvs } = await this.driver.list('');
    this.revision = revision;
    this.#startRevision = revision;
    for (const kv of kvs) {
      this.cacheFor(pluralOf(kv.key)).load({ kv, stale: false });
      this.#namespaces.load(kv.key, kv.createRevision);
    }
    for (const def of this.#registry?.entries ?? []) if (!def.virtual) this.for(def);
    this.#unsubscribe = this.driver.subscribe(revision, (events) => this.#apply(events));
    this.#bookmarkTimer = setInterval(() => this.#sendBookmarks(), this.#bookmarkIntervalMs);
    this.#bookmarkTimer.unref();
    this.#warm();
  }

  /**
   * Decodes every object loaded at start, a slice per turn of the event loop so no request waits
   * behind the whole store. The first slice runs now: a small store is warm when start resolves.
   */
  #warm(): void {
    const pending: [ResourceCache, CacheEntry][] = [];
    for (const cache of this.#caches.values()) {
      if (!cache.def) continue;
      for (const entry of cache.entries.values()) if (!entry.object) pending.push([cache, entry]);
    }
    const warming = { done: 0, total: pending.length };
    this.#warming = warming;
    const slice = () => {
      if (this.#closed) return;
      const end = Math.min(pending.length, warming.done + this.#warmSliceSize);
      for (; warming.done < end; warming.done++) {
        const [cache, entry] = pending[warming.done]!;
        pending[warming.done] = undefined as never;
        try {
          cache.objectOf(entry);
        } catch {
          // Undecodable values are reported by objectOf and answered as errors when read.
        }
      }
      if (warming.done < pending.length) setImmediate(slice);
      else this.#warming = undefined;
    };
    slice();
  }

  for(definition: ResourceDefinition): ResourceStore {
    let store = this.#stores.get(definition.plural);
    if (!store) {
      const cache = this.cacheFor(definition.plural);
      cache.def = definition;
      if (definition.impliedByNamespace) {
        // Implied entries of namespaces that came into use before now have no history here.
        cache.raiseFloor(this.revision);
        this.#namespaces.attach(cache, definition, this.revision);
      }
      store = new ResourceStoreImpl(this, cache, definition);
      this.#stores.set(definition.plural, store);
    }
    return store;
  }

  currentResourceVersion(): string {
    return String(this.revision);
  }

  namespacesInUse(): readonly string[] {
    return this.#namespaces.names();
  }

  namespaceInUseSince(namespace: string): string | undefined {
    const since = this.#namespaces.since(namespace);
    return since === undefined ? undefined : String(since);
  }

  health(): string | undefined {
    if (this.#closed) return 'storage is closed';
    const warming = this.#warming;
    if (warming) return `warming the watch cache: ${warming.done} of ${warming.total} objects decoded`;
    return this.driver.health();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#bookmarkTimer);
    this.#unsubscribe?.();
    for (const cache of this.#caches.values()) for (const w of [...cache.watchers]) w.end('closed');
    for (const waiter of this.#waiters) waiter.resolve();
    this.#waiters = [];
    await this.driver.close();
  }

  cacheFor(plural: string): ResourceCache {
    let cache = this.#caches.get(plural);
    if (!cache) {
      cache = new ResourceCache(
        plural,
        this.#startRevision,
        this.#historyLimit,
        (def, kv) => decodeValue(def, kv, this.transformer),
        this.#historyBytes,
      );
      this.#caches.set(plural, cache);
    }
    return cache;
  }

  /** Waits until the cache has applied `revision`; false when `timeoutMs` passes first. */
  waitFor(revision: number, timeoutMs = this.futureWaitMs): Promise<boolean> {
    if (this.revision >= revision || this.#closed) return Promise.resolve(this.revision >= revision);
    return new Promise((resolve) => {
      const waiter = {
        revision,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.revision >= revision);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Consistent read: waits until the cache reflects every write the driver has committed. */
  async fresh(key: string): Promise<void> {
    if (this.#closed) throw new StorageError('Unreachable', key, 'storage is closed');
    const target = this.driver.currentRevision();
    if (this.revision >= target) return;
    if (!(await this.waitFor(target))) {
      throw new StorageError('Timeout', key, `the watch cache did not reach revision ${target}`, {
        retryAfterSeconds: 1,
      });
    }
  }

  /**
   * The driver `Encode` for an object: stamps the revision, serialises and encrypts if the kind
   * asks. The object is serialised once, before the driver allocates the revision, with a
   * placeholder the driver's call replaces: drivers call `Encode` inside their commit critical
   * section, which must stay short. Freezes `obj`.
   */
  encoder(def: ResourceDefinition, key: string, obj: KubeObject, written: string[]): Encode {
    deepFreeze(obj);
    const template = renderTemplate(obj, this.format);
    return (revision) => {
      const memo = `${key}@${revision}`;
      this.#written.set(memo, deepFreeze(withResourceVersion(obj, revision)));
      written.push(memo);
      const text = template(revision);
      return def.encryptAtRest ? this.transformer.toStorage(text, key) : text;
    };
  }

  /** Drops memo entries of a finished write that the cache did not consume. */
  forget(written: string[]): void {
    for (const memo of written) this.#written.delete(memo);
  }

  bookmarkObject(def: ResourceDefinition, annotations?: Record<string, string>): KubeObject {
    const metadata = annotations
      ? { resourceVersion: String(this.revision), annotations }
      : { resourceVersion: String(this.revision) };
    return deepFreeze({ apiVersion: storageApiVersion(def), kind: def.kind, metadata });
  }

  #apply(events: DriverEvent[]): void {
    for (const event of events) {
      if (event.revision <= this.revision) continue;
      const key = event.kv.key;
      const cache = this.cacheFor(pluralOf(key));
      const memo = `${key}@${event.kv.revision}`;
      const object = event.type === 'delete' ? undefined : this.#written.get(memo);
      if (object) this.#written.delete(memo);
      const entry: CacheEntry = object
        ? { kv: event.kv, object, stale: false }
        : { kv: event.kv, stale: false };
      const history = cache.apply(event, entry);
      this.revision = event.revision;
      if (cache.watchers.size > 0) fanOut(cache, history);
      for (const [target, implied] of this.#namespaces.follow(cache, history)) {
        if (target.watchers.size > 0) fanOut(target, implied);
      }
    }
    if (this.#waiters.length > 0) {
      const ready = this.#waiters.filter((w) => w.revision <= this.revision);
      this.#waiters = this.#waiters.filter((w) => w.revision > this.revision);
      for (const waiter of ready) waiter.resolve();
    }
  }

  #sendBookmarks(): void {
    for (const cache of this.#caches.values()) {
      if (cache.watchers.size === 0 || !cache.def) continue;
      const event = Object.freeze({ type: 'BOOKMARK' as const, object: this.bookmarkObject(cache.def) });
      for (const watcher of cache.watchers) if (watcher.allowBookmarks) watcher.push(event);
    }
  }
}
