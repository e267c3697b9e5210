/**
 * CustomResourceDefinition objects for the registry's custom kinds, as the apiserver serves them
 * read-only under apiextensions.k8s.io (Istio and the Higress controller start informers per CRD).
 * Metadata is deterministic, so the CRD list is identical across restarts.
 */
import { createHash } from 'node:crypto';
import { structuralSchemaFor } from './openapi.js';
import type { KubeObject, PrinterColumn, ResourceDefinition } from './types.js';

/** Fixed creation time of the registry's CRDs. */
export const CRD_CREATION_TIMESTAMP = '2024-01-01T00:00:00Z';

/** A name-based UUID (RFC 4122 version 5 layout over SHA-1), stable for a CRD name. */
export function deterministicUid(name: string): string {
  const hash = createHash('sha1').update(`higress-standalone/crd/${name}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Annotations the upstream CRD manifests carry, by group: Gateway API bundle metadata (Istio's CRD
 * watcher reads `bundle-version`) and Higress's helm keep policy.
 */
const CRD_ANNOTATIONS: Record<string, Record<string, string>> = {
  'gateway.networking.k8s.io': {
    // *.k8s.io groups are protected: kube-apiserver refuses their CRDs without this annotation.
    'api-approved.kubernetes.io': 'https://github.com/kubernetes-sigs/gateway-api/pull/2466',
    'gateway.networking.k8s.io/bundle-version': 'v1.2.1',
    'gateway.networking.k8s.io/channel': 'standard',
  },
  'networking.higress.io': { 'helm.sh/resource-policy': 'keep' },
  'extensions.higress.io': { 'helm.sh/resource-policy': 'keep' },
  'networking.istio.io': { 'helm.sh/resource-policy': 'keep' },
};

/** `<plural>.<group>`, the CRD object name. */
export function crdName(def: ResourceDefinition): string {
  return `${def.plural}.${def.group}`;
}

/**
 * additionalPrinterColumns: every column but Name (always implied); none at all when only Age
 * would remain, since the default CRD table is Name + Age anyway. A `compute` on a custom kind's
 * column only evaluates its JSONPath, so the CRD publishes the JSONPath.
 */
function additionalPrinterColumns(columns: readonly PrinterColumn[]): Record<string, unknown>[] | undefined {
  const extra = columns.filter((column) => column.name !== 'Name');
  if (extra.length === 0 || (extra.length === 1 && extra[0]?.name === 'Age' && extra[0].type === 'date')) {
    return undefined;
  }
  return extra.map((column) => ({
    name: column.name,
    type: column.type,
    jsonPath: column.jsonPath,
    ...(column.description ? { description: column.description } : {}),
    ...(column.format ? { format: column.format } : {}),
    ...(column.priority ? { priority: column.priority } : {}),
  }));
}

/** The apiextensions.k8s.io/v1 CustomResourceDefinition of a custom entry. */
export function customResourceDefinitionFor(def: ResourceDefinition): KubeObject {
  const name = crdName(def);
  const names = {
    plural: def.plural,
    singular: def.singular,
    kind: def.kind,
    listKind: def.listKind,
    ...(def.shortNames.length > 0 ? { shortNames: [...def.shortNames] } : {}),
    ...(def.categories.length > 0 ? { categories: [...def.categories] } : {}),
  };
  const openAPIV3Schema = structuralSchemaFor(def);
  const printerColumns = additionalPrinterColumns(def.printerColumns);
  const annotations = CRD_ANNOTATIONS[def.group];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name,
      uid: deterministicUid(name),
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: CRD_CREATION_TIMESTAMP,
      ...(annotations ? { annotations: { ...annotations } } : {}),
    },
    spec: {
      group: def.group,
      names,
      scope: def.scope,
      versions: def.versions.map((version) => ({
        name: version,
        served: true,
        storage: version === def.storageVersion,
        schema: { openAPIV3Schema },
        ...(def.subresources.status ? { subresources: { status: {} } } : {}),
        ...(printerColumns ? { additionalPrinterColumns: printerColumns } : {}),
      })),
      conversion: { strategy: 'None' },
    },
    status: {
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          lastTransitionTime: CRD_CREATION_TIMESTAMP,
          reason: 'NoConflicts',
          message: 'no conflicts found',
        },
        {
          type: 'Established',
          status: 'True',
          lastTransitionTime: CRD_CREATION_TIMESTAMP,
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
      acceptedNames: names,
      storedVersions: [def.storageVersion],
    },
  };
}
