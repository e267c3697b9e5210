/**
 * What an API request's object becomes before the store prepares it: the part of upstream's
 * per-kind strategies and field manager that depends on the request (k8s.io/apiserver
 * pkg/registry/generic/registry/store.go Create/Update, which run the strategy through
 * rest.BeforeCreate/BeforeUpdate, and pkg/endpoints/handlers/fieldmanager, which records
 * ownership). Only writes that carry `ApiWrite` are shaped; restores, seeds and re-encryption
 * store the object as given. The order is upstream's: the decoded object (scheme defaults, empty
 * metadata maps dropped: `defaulting.ts`), then managedFields (`trackUpdate`, so the writing
 * manager owns the defaults), then mutating admission; the strategy's prepareForCreate/Update and
 * validation follow in `prepare.ts`.
 */
import { isNoOpWrite, trackUpdate } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { ApiWrite } from '../store-types.js';
import { admitted, defaulted } from './defaulting.js';
import { inheritSystemFields } from './object-meta.js';
import { splitStatus } from './status-split.js';

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
