/**
 * Namespaces in use and the objects they imply. A kind whose definition declares
 * `impliedByNamespace` (the Namespace) holds, for every namespace with objects of any kind while no
 * object of that name is stored, an ordinary cache entry (and always one for each namespace it
 * declares `alwaysImplied`, the built-in ones, whether or not they hold anything): created at the revision of the write that
 * brought the namespace into use (or that deleted the stored object while the namespace was still in
 * use), deleted at the revision of the write that emptied it. Lists, gets, watches, replays and
 * paging read it as any other entry; writes see only stored entries (`ResourceCache.stored`).
 *
 * At start the entries are rebuilt from the stored objects, at the revision the oldest object of
 * their namespace was created and without history events: no revision is made up, so a resume
 * from a resourceVersion of before a restart sees what it saw before.
 */
import { createHash } from 'node:crypto';
import { deepFreeze } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { namespaceOf, objectKey } from './keys.js';
import type { CacheEntry, HistoryEvent, ResourceCache } from './resource-cache.js';

/** The same uid for the same implied object across restarts and replicas (a v4-shaped hash). */
function stableUid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class NamespaceObjects {
  /** Objects per namespace in use, and the revision it came into use at. */
  readonly #counts = new Map<string, { count: number; since: number }>();
  /** The caches of kinds that declare `impliedByNamespace`. */
  readonly #caches: ResourceCache[] = [];

  /** `createdAt`: the creationTimestamp implied objects carry (when the store started). */
  constructor(private readonly createdAt: string) {}

  /** Counts a stored object present at start; `createRevision` is when it was created. */
  load(key: string, createRevision: number): void {
    const namespace = namespaceOf(key);
    if (namespace === undefined) return;
    const entry = this.#counts.get(namespace);
    if (entry) {
      entry.count++;
      entry.since = Math.min(entry.since, createRevision);
    } else {
      this.#counts.set(namespace, { count: 1, since: createRevision });
    }
  }

  /** Namespaces in use, sorted. */
  names(): string[] {
    return [...this.#counts.keys()].sort();
  }

  /** The revision at which a namespace came into use; undefined when it holds nothing. */
  since(namespace: string): number | undefined {
    return this.#counts.get(namespace)?.since;
  }

  /**
   * Gives the cache of a kind that declares `impliedByNamespace` an entry for every namespace in
   * use without a stored object, and for each it declares `alwaysImplied` (at `revision`, the
   * current one), as loaded entries (no history events).
   */
  attach(cache: ResourceCache, def: ResourceDefinition, revision: number): void {
    this.#caches.push(cache);
    const since = new Map<string, number>();
    for (const namespace of def.alwaysImplied ?? []) since.set(namespace, revision);
    for (const [namespace, entry] of this.#counts) {
      since.set(namespace, Math.min(entry.since, since.get(namespace) ?? entry.since));
    }
    for (const [namespace, at] of since) {
      const key = objectKey(def, undefined, namespace);
      if (!cache.entries.has(key)) cache.load(this.#entry(def, key, namespace, at));
    }
  }

  /**
   * Follows one event just applied to `cache`: applies the implied entries it creates or deletes
   * to their caches and returns them, for the caller to deliver to watchers.
   */
  follow(cache: ResourceCache, history: HistoryEvent): [ResourceCache, HistoryEvent][] {
    const out: [ResourceCache, HistoryEvent][] = [];
    const namespace = history.type === 'update' ? undefined : namespaceOf(history.key);
    if (namespace !== undefined) {
      const inUse = this.#count(namespace, history.type === 'create' ? 1 : -1, history.revision);
      if (inUse === undefined) return out;
      for (const target of this.#caches) {
        const event = inUse
          ? this.#imply(target, namespace, history.revision)
          : this.#withdraw(target, namespace, history.revision);
        if (event) out.push([target, event]);
      }
    } else if (history.type === 'delete' && this.#caches.includes(cache)) {
      // A stored object named after a namespace still in use is gone: the implied one returns.
      const name = history.key.slice(cache.plural.length + 1);
      if (this.#counts.has(name) || this.#pinned(cache, name)) {
        const event = this.#imply(cache, name, history.revision);
        if (event) out.push([cache, event]);
      }
    }
    return out;
  }

  /** Applies +1/-1; true when the namespace came into use, false when it went out of use. */
  #count(namespace: string, delta: 1 | -1, revision: number): boolean | undefined {
    const entry = this.#counts.get(namespace);
    const count = (entry?.count ?? 0) + delta;
    if (count > 0) {
      if (entry) entry.count = count;
      else this.#counts.set(namespace, { count, since: revision });
      return entry ? undefined : true;
    }
    if (!entry) return undefined;
    this.#counts.delete(namespace);
    return false;
  }

  /** A namespace the kind declares `alwaysImplied`: its implied entry is never withdrawn. */
  #pinned(cache: ResourceCache, namespace: string): boolean {
    return cache.def?.alwaysImplied?.includes(namespace) === true;
  }

  #imply(cache: ResourceCache, namespace: string, revision: number): HistoryEvent | undefined {
    const def = cache.def;
    if (!def) return undefined;
    const key = objectKey(def, undefined, namespace);
    if (cache.entries.has(key)) return undefined;
    const entry = this.#entry(def, key, namespace, revision);
    return cache.apply({ type: 'create', revision, kv: entry.kv }, entry);
  }

  #withdraw(cache: ResourceCache, namespace: string, revision: number): HistoryEvent | undefined {
    const def = cache.def;
    if (!def) return undefined;
    const key = objectKey(def, undefined, namespace);
    const entry = cache.entries.get(key);
    if (!entry?.implied || this.#pinned(cache, namespace)) return undefined;
    return cache.apply({ type: 'delete', revision, kv: { ...entry.kv, revision } }, entry);
  }

  #entry(def: ResourceDefinition, key: string, namespace: string, revision: number): CacheEntry {
    const shape = def.impliedByNamespace!(namespace);
    const { name: _name, ...rest } = shape.metadata;
    const object: KubeObject = deepFreeze({
      ...shape,
      metadata: {
        name: namespace,
        uid: stableUid(`${def.singular}/${namespace}`),
        resourceVersion: String(revision),
        creationTimestamp: this.createdAt,
        ...rest,
      },
    });
    const kv = { key, value: '', revision, createRevision: revision };
    return { kv, object, stale: false, implied: true };
  }
}
