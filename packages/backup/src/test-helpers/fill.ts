/** Writes a sample object of every kind into an endpoint, plus a ConfigMap owned by another one. */
import type { KubeObject } from '@hs/resources';
import type { ObjectEndpoint } from '../snapshot.js';
import { definition, sampleKinds, sampleObject } from './sample-objects.js';

export async function fillEveryKind(endpoint: ObjectEndpoint): Promise<number> {
  let n = 0;
  for (const def of sampleKinds()) {
    await endpoint.create(def, sampleObject(def), false);
    n++;
  }
  const configmaps = definition('configmaps');
  const owner = (await endpoint.list(configmaps)).find((o) => o.metadata.name === 'sample-configmap')!;
  const owned: KubeObject = sampleObject(configmaps, 'owned-configmap');
  owned.metadata.ownerReferences = [
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'sample-configmap', uid: owner.metadata.uid! },
  ];
  await endpoint.create(configmaps, owned, false);
  return n + 1;
}

/** Every object of every kind, keyed `resource ns/name`, in the form a restore compares. */
export async function contents(endpoint: ObjectEndpoint): Promise<Map<string, KubeObject>> {
  const map = new Map<string, KubeObject>();
  for (const def of sampleKinds())
    for (const obj of await endpoint.list(def))
      map.set(`${def.plural}.${def.group} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, obj);
  return map;
}
