/** An ObjectEndpoint over a Storage: reads and writes go through the same store code as the API server's. */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { Storage } from '@hs/storage';
import type { ObjectEndpoint } from './snapshot.js';

export function storageEndpoint(storage: Storage, description: string): ObjectEndpoint {
  return {
    description,
    async list(def: ResourceDefinition) {
      // The stored objects only: namespaces implied by the objects in them are rebuilt on restore.
      return (await storage.for(def).list({ storedOnly: true })).items;
    },
    create(def, obj, dryRun) {
      return storage.for(def).create(obj, { dryRun });
    },
    async replace(def, obj, dryRun) {
      const { namespace, name } = obj.metadata;
      const ns = def.scope === 'Namespaced' ? namespace : undefined;
      const result = await storage.for(def).update(ns, name ?? '', () => obj as KubeObject, { dryRun });
      return result.object;
    },
    close: () => storage.close(),
  };
}
