/** Values shared by the registry entries. */
import type { ListMergeKey, Verb } from '../types.js';

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
