/**
 * Update rules for immutable ConfigMaps and Secrets, after k8s.io/kubernetes
 * pkg/apis/core/validation ValidateConfigMapUpdate / ValidateSecretUpdate: once the stored object
 * has `immutable: true`, the flag cannot be cleared and the data fields cannot change. Metadata
 * (labels, annotations, finalizers) stays writable and deletion stays allowed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FieldCause, KubeObject } from '../types.js';

const IMMUTABLE_MESSAGE = 'Forbidden: field is immutable when `immutable` is set';

const forbidden = (field: string): FieldCause => ({
  field,
  reason: 'FieldValueForbidden',
  message: IMMUTABLE_MESSAGE,
});

/** An absent map and an empty one hold the same data (both encode to nothing). */
function sameData(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
  return (empty(a) && empty(b)) || isDeepStrictEqual(a, b);
}

/** Causes for an update of an object stored with `immutable: true`; none when it was mutable. */
export function immutableDataCauses(
  obj: KubeObject,
  old: KubeObject,
  fields: readonly string[],
): FieldCause[] {
  if (old.immutable !== true) return [];
  const causes: FieldCause[] = [];
  if (obj.immutable !== true) causes.push(forbidden('immutable'));
  for (const field of fields) if (!sameData(obj[field], old[field])) causes.push(forbidden(field));
  return causes;
}

/**
 * A field that may never change once set (apimachinery ValidateImmutableField): a different value
 * is `Invalid value: <new>: field is immutable`.
 */
export function immutableField(obj: KubeObject, old: KubeObject, field: string): FieldCause[] {
  if (isDeepStrictEqual(obj[field], old[field])) return [];
  return [
    {
      field,
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(obj[field] ?? '')}: field is immutable`,
    },
  ];
}
