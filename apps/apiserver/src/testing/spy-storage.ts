/** A Storage wrapper for tests: records watch calls and can fail chosen ones with `Compacted`. */
import type { ResourceStore, Storage, WatchOptions } from '@hs/storage';
import { StorageError } from '@hs/storage';

export interface SpyStorage extends Storage {
  readonly watches: WatchOptions[];
  /** How many watches were answered with a forced Compacted error. */
  readonly forcedCompactions: number;
}

/** `compactWhen(call)` decides, per watch call that resumes from a resourceVersion, whether to fail it. */
export function spyStorage(
  inner: Storage,
  compactWhen: (options: WatchOptions, resuming: number) => boolean = () => false,
): SpyStorage {
  const watches: WatchOptions[] = [];
  let resuming = 0;
  let forced = 0;
  const wrap = (store: ResourceStore): ResourceStore => ({
    definition: store.definition,
    get: (namespace, name, options) => store.get(namespace, name, options),
    list: (options) => store.list(options),
    create: (obj, options) => store.create(obj, options),
    update: (namespace, name, tryUpdate, options) => store.update(namespace, name, tryUpdate, options),
    delete: (namespace, name, options) => store.delete(namespace, name, options),
    watch: async (options) => {
      watches.push(options);
      const rv = options.resourceVersion;
      if (rv && rv !== '0' && compactWhen(options, ++resuming)) {
        forced++;
        throw new StorageError('Compacted', store.definition.plural, `too old resource version: ${rv}`, {
          revision: Number(rv) + 1,
        });
      }
      return store.watch(options);
    },
  });
  return {
    watches,
    get forcedCompactions() {
      return forced;
    },
    for: (def) => wrap(inner.for(def)),
    currentResourceVersion: () => inner.currentResourceVersion(),
    namespacesInUse: () => inner.namespacesInUse(),
    namespaceInUseSince: (ns) => inner.namespaceInUseSince(ns),
    health: () => inner.health(),
    close: () => inner.close(),
  };
}
