/**
 * Small registry entries for this package's tests (the real registry lives in @hs/resources and
 * is not a dependency of these tests).
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';

/** These tests never validate: the schema slot holds a stand-in that fails loudly if used. */
const noSchema = new Proxy(
  {},
  {
    get() {
      throw new Error('test definitions carry no schema');
    },
  },
) as ResourceDefinition['schema'];

export function testDefinition(overrides: Partial<ResourceDefinition> = {}): ResourceDefinition {
  return {
    group: '',
    versions: ['v1'],
    storageVersion: 'v1',
    kind: 'ConfigMap',
    listKind: 'ConfigMapList',
    plural: 'configmaps',
    singular: 'configmap',
    shortNames: ['cm'],
    categories: [],
    scope: 'Namespaced',
    nameFormat: 'dns1123-subdomain',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    schema: noSchema,
    printerColumns: [],
    fieldSelectors: [],
    subresources: { status: false },
    encryptAtRest: false,
    listMergeKeys: [],
    custom: false,
    virtual: false,
    allowCreateOnUpdate: false,
    tracksGeneration: true,
    description: 'test kind',
    ...overrides,
  };
}

export function object(
  name: string,
  fields: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'x', ...meta },
    ...fields,
  };
}
