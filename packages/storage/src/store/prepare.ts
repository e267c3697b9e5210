import { cloneJson, deepEqual, isRecord, StorageError, specChanged } from '@hs/apimachinery';
import { type FieldCause, type KubeObject, type ResourceDefinition, validateObject } from '@hs/resources';
import { type Preconditions, ValidationError } from '../store-types.js';
import { storageApiVersion } from './keys.js';
import { formatTime, generateName, inheritSystemFields, newUid } from './object-meta.js';

/**
 * Turns a caller's object into the object to create: server-managed metadata filled, `generateName`
 * resolved, scope enforced, strategy applied, validated (k8s.io/apiserver pkg/registry/rest/create.go
 * BeforeCreate). Works on a private copy.
 */
export function prepareCreate(def: ResourceDefinition, input: KubeObject, now: Date): KubeObject {
  const obj = cloneJson(input);
  if (!isRecord(obj.metadata)) obj.metadata = {};
  const meta = obj.metadata;
  if (meta.resourceVersion) {
    // follows k8s.io/apiserver pkg/storage/etcd3/store.go Create
    throw new StorageError(
      'InvalidObject',
      def.plural,
      'resourceVersion should not be set on objects to be created',
    );
  }
  obj.apiVersion ||= storageApiVersion(def);
  obj.kind ||= def.kind;
  const causes: FieldCause[] = [];
  if (def.scope === 'Namespaced') {
    if (!meta.namespace) causes.push(required('metadata.namespace', 'Required value'));
    else if (meta.namespace.length > 63 || !DNS1123_LABEL.test(meta.namespace)) {
      causes.push({
        field: 'metadata.namespace',
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(meta.namespace)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
      });
    }
  } else {
    delete meta.namespace;
  }
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
  meta.uid = newUid();
  meta.creationTimestamp = formatTime(now);
  // Only a strategy that tracks generation sets it; others keep what the create brought
  // (k8s.io/apiserver pkg/registry/rest/create.go BeforeCreate leaves it to PrepareForCreate).
  if (def.tracksGeneration) meta.generation = 1;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  def.strategy?.prepareForCreate?.(obj);
  validateOrThrow(def, obj, [...causes, ...keySafety(meta.namespace, meta.name)]);
  return obj;
}

/**
 * The object to store for an update: system fields kept from `current`, generation bumped only when
 * fields outside metadata and status change, strategy applied, validated against the schema and
 * the strategy's update rules (k8s.io/apiserver pkg/registry/rest/update.go BeforeUpdate).
 */
export function prepareUpdate(def: ResourceDefinition, desired: KubeObject, current: KubeObject): KubeObject {
  const next = cloneJson(desired);
  if (!isRecord(next.metadata)) next.metadata = {};
  next.apiVersion ||= current.apiVersion;
  next.kind ||= current.kind;
  const meta = next.metadata;
  const cur = current.metadata;
  inheritSystemFields(meta, cur);
  if (cur.resourceVersion === undefined) delete meta.resourceVersion;
  else meta.resourceVersion = cur.resourceVersion;
  def.strategy?.prepareForUpdate?.(next, current);
  // The stored generation, bumped by a spec change where the strategy tracks it (rest.BeforeUpdate
  // copies the old generation so a request cannot set it).
  const generation =
    def.tracksGeneration && (specChanged(next, current) || labelsBump(def, meta, cur))
      ? (cur.generation ?? 0) + 1
      : cur.generation;
  if (generation === undefined) delete meta.generation;
  else meta.generation = generation;
  // the strategy's ValidateUpdate (k8s.io/apiserver pkg/registry/rest/update.go BeforeUpdate)
  const causes: FieldCause[] = [...(def.strategy?.validateUpdate?.(next, current) ?? [])];
  if (cur.deletionTimestamp) {
    // follows k8s.io/apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaUpdate
    const added = (meta.finalizers ?? []).filter((f) => !(cur.finalizers ?? []).includes(f));
    if (added.length > 0) {
      causes.push({
        field: 'metadata.finalizers',
        reason: 'FieldValueForbidden',
        message: `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
      });
    }
  }
  validateOrThrow(def, next, causes);
  return next;
}

/** A label change that bumps the generation (`labelsBumpGeneration`, EndpointSlice). */
function labelsBump(
  def: ResourceDefinition,
  meta: KubeObject['metadata'],
  cur: KubeObject['metadata'],
): boolean {
  return def.labelsBumpGeneration === true && !deepEqual(meta.labels ?? {}, cur.labels ?? {});
}

export const MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

/** The resourceVersion a write's object asks for (optimistic concurrency); undefined: any. */
export function requestedVersion(obj: KubeObject): string | undefined {
  return obj.metadata?.resourceVersion || undefined;
}

/**
 * Optimistic concurrency: an update whose object names a resourceVersion other than the stored
 * one is a `Conflict` (k8s.io/apiserver pkg/registry/generic/registry/store.go Update).
 */
export function checkRequestedVersion(key: string, desired: KubeObject, current: KubeObject): void {
  const rv = requestedVersion(desired);
  if (rv && rv !== current.metadata.resourceVersion) throw new StorageError('Conflict', key, MODIFIED);
}

/** Preconditions of update and delete; a mismatch is a `Conflict` (409), as upstream. */
export function checkPreconditions(
  key: string,
  current: KubeObject,
  preconditions: Preconditions | undefined,
): void {
  const uid = preconditions?.uid;
  if (uid && uid !== current.metadata.uid) {
    throw new StorageError(
      'Conflict',
      key,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid ?? ''}`,
    );
  }
  const rv = preconditions?.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) {
    throw new StorageError(
      'Conflict',
      key,
      `Precondition failed: ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
    );
  }
}

// follows k8s.io/apimachinery/pkg/util/validation/validation.go (IsDNS1123Label)
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Names and namespaces become key segments: refuse what would change the key's shape. */
function keySafety(namespace: string | undefined, name: string | undefined): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [field, value] of [
    ['metadata.namespace', namespace],
    ['metadata.name', name],
  ] as const) {
    if (value !== undefined && (value === '.' || value === '..' || /[/%\\\0]/.test(value))) {
      causes.push({
        field,
        reason: 'FieldValueInvalid',
        message: `may not be '.' or '..' and may not contain '/' or '%'`,
      });
    }
  }
  return causes;
}

function required(field: string, message: string): FieldCause {
  return { field, reason: 'FieldValueRequired', message };
}

/**
 * Runs the registry's validation (schema, name, labels, strategy) and throws ValidationError with
 * every cause found (accumulated, as k8s.io/apimachinery field.ErrorList, not only the first).
 * `extra` causes from the store are added for fields the registry did not already report.
 */
function validateOrThrow(def: ResourceDefinition, obj: KubeObject, extra: FieldCause[] = []): void {
  const causes = validateObject(def, obj);
  const reported = new Set(causes.map((c) => c.field));
  for (const cause of extra) if (!reported.has(cause.field)) causes.push(cause);
  if (causes.length > 0) throw new ValidationError(def.kind, obj.metadata?.name ?? '', causes);
}
