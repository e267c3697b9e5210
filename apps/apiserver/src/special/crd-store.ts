/**
 * customresourcedefinitions, served read-only from the registry: exactly the custom kinds this
 * server serves, so Istio's CRD watcher starts informers only for those (higress-istio-needs §1.2).
 */
import { methodNotSupported } from '@hs/apimachinery';
import type { KubeObject, Registry, ResourceDefinition } from '@hs/resources';
import { customResourceDefinitionFor } from '@hs/resources';
import { type ResourceStore, type Storage, StorageError } from '@hs/storage';
import { groupResource } from '../http/request-context.js';
import { staticWatcher } from './static-watcher.js';

export function crdStore(def: ResourceDefinition, registry: Registry, storage: Storage): ResourceStore {
  let cache: KubeObject[] | undefined;
  const objects = () => {
    cache ??= registry.entries
      .filter((entry) => entry.custom)
      .map((entry) => customResourceDefinitionFor(entry))
      .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    return cache;
  };
  const readOnly = (verb: string) => () => Promise.reject(methodNotSupported(groupResource(def), verb));
  return {
    definition: def,
    async get(_namespace, name) {
      const found = objects().find((o) => o.metadata.name === name);
      if (!found) throw new StorageError('KeyNotFound', `${def.plural}/${name}`);
      return found;
    },
    async list(options) {
      const items = objects().filter((o) => !options.predicate || options.predicate(o));
      return { items, resourceVersion: storage.currentResourceVersion() };
    },
    async watch(options) {
      return staticWatcher(objects(), options, storage.currentResourceVersion());
    },
    create: readOnly('create'),
    update: readOnly('update'),
    delete: readOnly('delete'),
  };
}
