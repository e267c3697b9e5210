/**
 * PartialObjectMetadata(List): the metadata-only representation metadata informers ask for with
 * `Accept: application/json;as=PartialObjectMetadata(List);g=meta.k8s.io;v=v1`, as upstream's
 * meta.AsPartialObjectMetadata (k8s.io/apimachinery/pkg/api/meta/meta.go) and
 * asPartialObjectMetadataList (k8s.io/apiserver/pkg/endpoints/handlers/response.go).
 */
import type { KubeObject, ObjectMeta } from '@hs/resources';
import { cloneJson } from './json-clone.js';

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: string;
  metadata: ObjectMeta;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface PartialObjectMetadataList {
  kind: 'PartialObjectMetadataList';
  apiVersion: string;
  metadata: ListMeta;
  items: PartialObjectMetadata[];
}

/** `version` is the meta.k8s.io version the client asked for (v1 or v1beta1). */
export function toPartialObjectMetadata(obj: KubeObject, version = 'v1'): PartialObjectMetadata {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: cloneJson(obj.metadata ?? {}),
  };
}

export function toPartialObjectMetadataList(
  objects: readonly KubeObject[],
  listMeta: ListMeta,
  version = 'v1',
): PartialObjectMetadataList {
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: { ...listMeta },
    items: objects.map((o) => toPartialObjectMetadata(o, version)),
  };
}
