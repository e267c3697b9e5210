import { groupVersion, type ResourceDefinition } from '@hs/resources';

/** The storage key of an object: `<plural>/<namespace>/<name>` or `<plural>/<name>` (driver.ts). */
export function objectKey(def: ResourceDefinition, namespace: string | undefined, name: string): string {
  return def.scope === 'Namespaced' ? `${def.plural}/${namespace}/${name}` : `${def.plural}/${name}`;
}

/** The key prefix of a listing: every object of the kind, or of one namespace. */
export function listPrefix(def: ResourceDefinition, namespace: string | undefined): string {
  return def.scope === 'Namespaced' && namespace ? `${def.plural}/${namespace}/` : `${def.plural}/`;
}

/** The plural a key belongs to. */
export function pluralOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
}

/** The namespace segment of a namespaced key, undefined for cluster-scoped keys. */
export function namespaceOf(key: string): string | undefined {
  const first = key.indexOf('/');
  const second = key.indexOf('/', first + 1);
  return second < 0 ? undefined : key.slice(first + 1, second);
}

/** `apiVersion` of a kind's stored objects. */
export function storageApiVersion(def: ResourceDefinition): string {
  return groupVersion(def.group, def.storageVersion);
}
