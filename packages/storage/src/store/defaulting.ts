/**
 * What kube-apiserver's decoder makes of an API request's object before the field manager sees it
 * (k8s.io/apiserver pkg/endpoints/handlers/create.go, update.go, patch.go decode the body, or the
 * patched object, with the scheme's defaulting; JSON encoding of `omitempty` fields then leaves
 * empty ones out): ObjectMeta's empty maps and lists dropped, and the kind's own scheme defaults
 * (`strategy.applyDefaults`, registry data). Works on a private copy.
 */
import { cloneJson, isRecord } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';

/**
 * ObjectMeta members Go drops when empty (`omitempty` on maps and slices,
 * k8s.io/apimachinery pkg/apis/meta/v1/types.go). `managedFields` is not one of them here: an
 * empty list sent by a client asks to reset ownership, which the field manager reads.
 */
const OMIT_WHEN_EMPTY = ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const;

/** `obj` as the decoder leaves it: empty metadata maps and lists gone, the kind's defaults filled. */
export function defaulted(def: ResourceDefinition, obj: KubeObject): KubeObject {
  const next = cloneJson(obj);
  if (isRecord(next.metadata)) {
    const meta = next.metadata as Record<string, unknown>;
    for (const field of OMIT_WHEN_EMPTY) {
      const value = meta[field];
      if (value === null || (Array.isArray(value) ? value.length === 0 : isRecord(value) && isEmpty(value)))
        delete meta[field];
    }
  }
  def.strategy?.zeroValues?.(next);
  def.strategy?.applyDefaults?.(next);
  return next;
}

/**
 * The kind's mutating admission on the main resource of an API create or update (after
 * ownership is recorded, as upstream admits after the field manager). In place on `obj`, which
 * the write path owns.
 */
export function admitted(
  def: ResourceDefinition,
  obj: KubeObject,
  old: KubeObject | undefined,
  subresource: string | undefined,
): KubeObject {
  if (subresource === undefined) def.strategy?.mutatingAdmission?.(obj, old);
  return obj;
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const _ in record) return false;
  return true;
}
