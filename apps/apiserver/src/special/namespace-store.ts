/**
 * Namespaces: stored Namespace objects plus an Active namespace synthesised for every namespace
 * that holds objects, so `GET /api/v1/namespaces/{ns}` works as kubectl expects after a 404
 * (kubectl-wire §4.2) even when nobody created the Namespace. A synthesised namespace carries the
 * resourceVersion at which its namespace came into use; watches announce it (ADDED) at that
 * resourceVersion and withdraw it (DELETED) when the namespace empties, through the store's
 * `impliedByNamespace` watch option, so list + watch clients see what list and get show.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '@hs/resources';
import { isStorageError, type ResourceStore, type Storage } from '@hs/storage';

const STARTED = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function stableUid(name: string): string {
  const h = createHash('sha256').update(`namespace/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function synthesise(name: string, resourceVersion: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: stableUid(name),
      resourceVersion,
      creationTimestamp: STARTED,
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

async function materialise(inner: ResourceStore, name: string): Promise<void> {
  const {
    uid: _uid,
    resourceVersion: _rv,
    creationTimestamp: _ts,
    ...metadata
  } = synthesise(name, '').metadata;
  try {
    await inner.create({ ...synthesise(name, ''), metadata });
  } catch (err) {
    if (!isStorageError(err, 'KeyExists')) throw err;
  }
}

export function namespaceStore(inner: ResourceStore, storage: Storage): ResourceStore {
  const inUse = (name: string) => storage.namespaceInUseSince(name) !== undefined;
  return {
    definition: inner.definition,
    async get(namespace, name) {
      try {
        return await inner.get(namespace, name);
      } catch (err) {
        const since = isStorageError(err, 'KeyNotFound') ? storage.namespaceInUseSince(name) : undefined;
        if (since !== undefined) return synthesise(name, since);
        throw err;
      }
    },
    async list(options) {
      const result = await inner.list(options);
      if (options.continue) return result;
      const stored = new Set(result.items.map((o) => o.metadata.name));
      const listed = Number(result.resourceVersion);
      // Only namespaces in use at the list's resourceVersion: later ones reach a watch from it as ADDED.
      const extra = storage
        .namespacesInUse()
        .filter((name) => !stored.has(name))
        .flatMap((name) => {
          const since = storage.namespaceInUseSince(name);
          return since !== undefined && Number(since) <= listed ? [synthesise(name, since)] : [];
        })
        .filter((o) => !options.predicate || options.predicate(o));
      if (extra.length === 0) return result;
      const items = [...result.items, ...extra].sort((a, b) =>
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
      );
      return { ...result, items };
    },
    create: (obj, options) => inner.create(obj, options),
    // Writing to a synthesised namespace (e.g. `kubectl label ns`) first stores it for real.
    async update(namespace, name, tryUpdate, options) {
      try {
        return await inner.update(namespace, name, tryUpdate, options);
      } catch (err) {
        if (!isStorageError(err, 'KeyNotFound') || !inUse(name) || options?.dryRun) throw err;
        await materialise(inner, name);
        return inner.update(namespace, name, tryUpdate, options);
      }
    },
    delete: (namespace, name, options) => inner.delete(namespace, name, options),
    watch: (options) => inner.watch({ ...options, impliedByNamespace: synthesise }),
  };
}
