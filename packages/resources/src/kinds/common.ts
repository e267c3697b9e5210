/** Values shared by the registry entries. */
import type { ListMergeKey, ResourceDefinition, Verb } from '../types.js';
import { ageColumn, nameColumn } from './columns.js';

/** The verbs of a stored kind, as kube-apiserver advertises them (sorted). */
export const STORED_VERBS: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** Namespaces: every stored verb but deletecollection, as kube-apiserver advertises them. */
export const NAMESPACE_VERBS: readonly Verb[] = STORED_VERBS.filter((verb) => verb !== 'deletecollection');

/** Served read-only from the registry (CustomResourceDefinitions). */
export const READ_ONLY_VERBS: readonly Verb[] = ['get', 'list', 'watch'];

/** Review kinds: create only, never stored. */
export const CREATE_ONLY_VERBS: readonly Verb[] = ['create'];

/**
 * ObjectMeta list fields with patch metadata (k8s.io/apimachinery/pkg/apis/meta/v1/types.go):
 * `finalizers` merges as a set, `ownerReferences` by `uid`. Declared on every built-in kind.
 */
export const METADATA_MERGE_KEYS: readonly ListMergeKey[] = [
  { path: 'metadata.finalizers', strategy: 'merge', listType: 'set' },
  { path: 'metadata.ownerReferences', mergeKey: 'uid', strategy: 'merge', listType: 'map' },
];

/** Built-in kinds' list metadata: ObjectMeta's plus the kind's own. */
export function builtInMergeKeys(own: readonly ListMergeKey[]): readonly ListMergeKey[] {
  return [...METADATA_MERGE_KEYS, ...own];
}

/** A `conditions`-style list merged by `type` (core/v1 status conditions, node addresses). */
export function conditionsByType(path: string): ListMergeKey {
  return { path, mergeKey: 'type', strategy: 'merge', listType: 'map' };
}

/** What a built-in kind must declare; everything else has the default most built-in kinds share. */
export type BuiltInKindFields = Pick<
  ResourceDefinition,
  'group' | 'versions' | 'kind' | 'plural' | 'singular' | 'schema' | 'description'
> &
  Partial<Omit<ResourceDefinition, 'custom'>>;

/**
 * A kind kube-apiserver serves itself (never a CRD), with the defaults most such kinds share:
 * stored verbs, storage at the first served version, `<Kind>List`, namespaced, DNS-subdomain
 * names, Name and Age columns, no field selectors beyond metadata, no status subresource, not
 * encrypted, ObjectMeta's strategic-merge keys, PUT never creates and no generation tracking.
 */
export function builtInKind(fields: BuiltInKindFields): ResourceDefinition {
  return {
    storageVersion: fields.versions[0] ?? '',
    listKind: `${fields.kind}List`,
    shortNames: [],
    categories: [],
    scope: 'Namespaced',
    nameFormat: 'dns1123-subdomain',
    verbs: STORED_VERBS,
    printerColumns: [nameColumn, ageColumn],
    fieldSelectors: [],
    subresources: { status: false },
    encryptAtRest: false,
    listMergeKeys: builtInMergeKeys([]),
    virtual: false,
    allowCreateOnUpdate: false,
    tracksGeneration: false,
    ...fields,
    custom: false,
  };
}

/** What a custom kind must declare; everything else has the default its CRD gives it. */
export type CustomKindFields = Pick<
  ResourceDefinition,
  'group' | 'versions' | 'kind' | 'plural' | 'singular' | 'categories' | 'schema' | 'description'
> &
  Partial<ResourceDefinition>;

/**
 * A kind served as a CustomResourceDefinition, with the defaults such CRDs share: stored verbs,
 * storage at the first served version, `<Kind>List`, namespaced, a status subresource, Name and
 * Age columns, no field selectors beyond metadata, no strategic-merge keys (SMP is 415 for CRDs),
 * and PUT never creates.
 */
export function customKind(fields: CustomKindFields): ResourceDefinition {
  return {
    storageVersion: fields.versions[0] ?? '',
    listKind: `${fields.kind}List`,
    shortNames: [],
    scope: 'Namespaced',
    nameFormat: 'dns1123-subdomain',
    verbs: STORED_VERBS,
    fieldSelectors: [],
    subresources: { status: true },
    encryptAtRest: false,
    listMergeKeys: [],
    virtual: false,
    ...fields,
    // a CRD's table declares each column with its own type (no printer declares another)
    printerColumns: (fields.printerColumns ?? [nameColumn, ageColumn]).map(
      ({ declaredType: _declared, ...column }) => column,
    ),
    custom: true,
    // the custom resource strategy never creates on PUT (apiextensions-apiserver customresource/strategy.go)
    allowCreateOnUpdate: false,
    tracksGeneration: true,
  };
}
