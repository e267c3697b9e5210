/**
 * What an API request's object becomes before the store prepares it: the part of upstream's
 * per-kind strategies and field manager that depends on the request (k8s.io/apiserver
 * pkg/registry/generic/registry/store.go Create/Update, which run the strategy through
 * rest.BeforeCreate/BeforeUpdate, and pkg/endpoints/handlers/fieldmanager, which records
 * ownership). Only writes that carry `ApiWrite` are shaped; restores, seeds and re-encryption
 * store the object as given. The order is upstream's: the status split, the decoded object
 * (scheme defaults, empty metadata maps dropped), then managedFields (`trackUpdate`, so the
 * writing manager owns the defaults), then mutating admission; the strategy's
 * prepareForCreate/Update and validation follow in `prepare.ts`.
 */
import { cloneJson, isNoOpWrite, isRecord, trackUpdate } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { ApiWrite } from '../store-types.js';
import { inheritSystemFields } from './object-meta.js';

/** A create: status dropped for kinds with a status subresource, defaults, ownership, admission. */
export function shapeCreate(def: ResourceDefinition, obj: KubeObject, api: ApiWrite | undefined): KubeObject {
  if (!api) return obj;
  const next = defaulted(def, splitStatus(def, undefined, obj, undefined));
  const tracked =
    api.fieldManager === undefined
      ? next
      : trackUpdate(def, undefined, next, { fieldManager: api.fieldManager });
  return admitted(def, tracked, undefined, api.subresource);
}

/**
 * An update of `current`: the status split, the system fields (and, when the request sent none,
 * the managedFields) of the stored object, the defaults, then ownership recorded for
 * `fieldManager` and admission. A write that changes nothing gives `current` back, so it is not
 * written. When the store records ownership, managedFields are not part of that comparison (they
 * are the store's to compute); when the request computed them (server-side apply) a change of
 * ownership alone is a write.
 */
export function shapeUpdate(
  def: ResourceDefinition,
  desired: KubeObject,
  current: KubeObject,
  api: ApiWrite | undefined,
): KubeObject {
  if (!api) return desired;
  const { subresource, fieldManager } = api;
  const split = splitStatus(def, subresource, desired, current);
  const metadata = { ...split.metadata };
  inheritSystemFields(metadata, current.metadata);
  if (metadata.managedFields === undefined && current.metadata.managedFields !== undefined) {
    metadata.managedFields = current.metadata.managedFields;
  }
  const next = defaulted(def, { ...split, metadata });
  const ignored = fieldManager === undefined ? undefined : ['resourceVersion', 'managedFields'];
  if (isNoOpWrite(current, next, ignored)) return current;
  const tracked =
    fieldManager === undefined ? next : trackUpdate(def, current, next, { fieldManager, subresource });
  return admitted(def, tracked, current, subresource);
}

/*
 * The status subresource split of a registry entry that declares `subresources.status`, as
 * upstream's per-kind strategies do (e.g. k8s.io/kubernetes pkg/registry/apps/deployment/strategy.go:
 * PrepareForCreate clears status, PrepareForUpdate keeps the old status, and the status
 * strategy's PrepareForUpdate keeps everything of the old object but status): writes to the main
 * resource ignore status, writes to `/status` ignore everything but status.
 */

/** A main-resource write of a kind with a status subresource: the stored status stays. */
function keepStatus(next: KubeObject, current: KubeObject): KubeObject {
  const { status: _ignored, ...rest } = next;
  return current.status === undefined ? { ...rest } : { ...rest, status: current.status };
}

/** A `/status` write: only `status` (and the optimistic-concurrency resourceVersion) is taken from `next`. */
function onlyStatus(next: KubeObject, current: KubeObject): KubeObject {
  const { status: _ignored, ...rest } = current;
  const resourceVersion = next.metadata.resourceVersion ?? current.metadata.resourceVersion;
  const metadata = { ...current.metadata, ...(resourceVersion === undefined ? {} : { resourceVersion }) };
  return next.status === undefined ? { ...rest, metadata } : { ...rest, metadata, status: next.status };
}

/** The object a write stores, given what the request produced; `current` is undefined for a create. */
function splitStatus(
  def: ResourceDefinition,
  subresource: 'status' | undefined,
  next: KubeObject,
  current: KubeObject | undefined,
): KubeObject {
  if (subresource === 'status') return current ? onlyStatus(next, current) : next;
  if (!def.subresources.status) return next;
  if (!current) {
    if (def.subresources.statusOnCreate) return next;
    const { status: _dropped, ...rest } = next;
    return rest as KubeObject;
  }
  return keepStatus(next, current);
}

/*
 * What kube-apiserver's decoder makes of an API request's object before the field manager sees it
 * (k8s.io/apiserver pkg/endpoints/handlers/create.go, update.go, patch.go decode the body, or the
 * patched object, with the scheme's defaulting; JSON encoding of `omitempty` fields then leaves
 * empty ones out): ObjectMeta's empty maps and lists dropped, and the kind's own scheme defaults
 * (`strategy.applyDefaults`, registry data). Works on a private copy.
 */

/**
 * ObjectMeta members Go drops when empty (`omitempty` on maps and slices,
 * k8s.io/apimachinery pkg/apis/meta/v1/types.go). `managedFields` is not one of them here: an
 * empty list sent by a client asks to reset ownership, which the field manager reads.
 */
const OMIT_WHEN_EMPTY = ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const;

/** `obj` as the decoder leaves it: empty metadata maps and lists gone, the kind's defaults filled. */
function defaulted(def: ResourceDefinition, obj: KubeObject): KubeObject {
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
function admitted(
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
