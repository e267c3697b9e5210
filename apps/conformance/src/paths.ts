/** REST paths of a registry kind, as clients build them. */
import { apiPath, groupVersion, type ResourceDefinition } from '@hs/resources';

export const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
export const POM = 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json';
export const POM_LIST = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';

export function groupVersionPath(def: ResourceDefinition, version = def.versions[0]): string {
  return apiPath(def.group, `${version}`);
}

export function apiVersionOf(def: ResourceDefinition, version = def.versions[0]): string {
  return groupVersion(def.group, `${version}`);
}

export function collectionPath(def: ResourceDefinition, namespace?: string, version?: string): string {
  const base = groupVersionPath(def, version);
  return def.scope === 'Namespaced' && namespace
    ? `${base}/namespaces/${namespace}/${def.plural}`
    : `${base}/${def.plural}`;
}

export const itemPath = (
  def: ResourceDefinition,
  namespace: string | undefined,
  name: string,
  version?: string,
) => `${collectionPath(def, namespace, version)}/${name}`;

export const sampleKey = (def: ResourceDefinition) => `${def.group}/${def.kind}`;

export const qs = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
