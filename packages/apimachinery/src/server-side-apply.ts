/**
 * Server-side apply and field ownership tracking, after sigs.k8s.io/structured-merge-diff
 * merge/update.go (Updater.Apply / Updater.Update / prune) and the API server's field manager chain
 * in k8s.io/apimachinery/pkg/util/managedfields/internal (stripMeta, managedFieldsUpdater,
 * skipNonApplied with "before-first-apply", buildManagerInfo, conflict.go).
 *
 * `apply` merges an applied configuration into the live object, records the applier's fields,
 * answers 409 Conflict when another manager owns a field whose value would change (unless forced,
 * which takes ownership), and removes fields the applier owned before but no longer applies when
 * nobody else owns them. `trackUpdate` records what a PUT/POST/PATCH changed for its manager
 * (keyed by manager + operation + apiVersion) and takes those fields from other managers.
 *
 * The type of every field comes from the registry's OpenAPI schema (typed-schema.ts): field sets
 * follow SMD's per-type rules (typed-fieldset.ts), and an Update on create is compared against the
 * kind's zero object, as upstream compares with a new empty object. Simplified compared with
 * upstream: one version per kind
 * (no conversion of managed fields between versions); undecodable stored managedFields are
 * reset. Update managers beyond 10 are folded into "ancient-changes" (managed-fields.ts); the
 * client-side → server-side apply transition of the `kubectl` manager is in apply-conflicts.ts.
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { parse as parseYaml } from 'yaml';
import {
  type Conflict,
  conflictError,
  fieldsMatchingLastApplied,
  KUBECTL_MANAGER,
  syncLastApplied,
  withoutAllowed,
} from './apply-conflicts.js';
import { type FieldPath, FieldSet } from './field-set.js';
import { cloneJson, cloneWithoutManagedFields } from './json-clone.js';
import { deepEqual, setOwn } from './json-value.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  type ManagerRecord,
  type Managers,
  managerId,
  timestamp,
} from './managed-fields.js';
import { badRequest } from './status.js';
import { mergeObjects, removeItems } from './structured-value.js';
import { compareObjects, StructureError, toFieldSet } from './typed-fieldset.js';
import { kindSchema, type TypeNode } from './typed-schema.js';

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields never tracked (stripMeta): identity and server-maintained metadata. */
const STRIPPED: FieldPath[] = [
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata'],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((f) => ['f:metadata', `f:${f}`]),
];
const strippedSet = new FieldSet(STRIPPED);
const strip = (set: FieldSet) => set.difference(strippedSet);

export const BEFORE_FIRST_APPLY_MANAGER = 'before-first-apply';

export interface ApplyOptions {
  /** `?fieldManager=` (required for apply upstream). */
  manager?: string | undefined;
  /** Alias of `manager`, named after the query parameter. */
  fieldManager?: string | undefined;
  /** `?force=true`: take ownership of conflicting fields. */
  force?: boolean | undefined;
  now?: Date | undefined;
  /** `status` when applying to the /status subresource. */
  subresource?: string | undefined;
}

export interface UpdateOptions {
  manager?: string | undefined;
  /** Alias of `manager`, named after the query parameter. */
  fieldManager?: string | undefined;
  operation?: 'Update' | undefined;
  now?: Date | undefined;
  subresource?: string | undefined;
}

/**
 * Which top-level fields a write may not touch, as the strategies' reset fields: the main resource
 * ignores `status` when the kind has a status subresource; `/status` writes only own `status`.
 */
function ignoredFor(def: ResourceDefinition, subresource: string | undefined): (path: FieldPath) => boolean {
  if (subresource === 'status') return (p) => p[0] !== 'f:status';
  if (def.subresources.status) return (p) => p[0] === 'f:status';
  return () => false;
}

const withoutManagedFields = (obj: JsonMap): JsonMap => cloneWithoutManagedFields(obj);

function decodeOrReset(entries: unknown): Managers {
  try {
    return decodeManagedFields(entries);
  } catch {
    return new Map();
  }
}

/** Removes fields the applier owned last time but not now, unless someone else owns them (prune). */
function prune(merged: JsonMap, managers: Managers, lastSet: FieldSet, schema: TypeNode): JsonMap {
  const last = lastSet.withFieldAncestors();
  const pruned = removeItems(merged, last, schema);
  let owned = strippedSet;
  for (const r of managers.values()) owned = owned.union(r.set);
  owned = owned.withFieldAncestors();
  const mergedSet = toFieldSet(merged, schema).withFieldAncestors();
  const prunedSet = toFieldSet(pruned, schema).withFieldAncestors();
  const keptOwned = removeItems(merged, mergedSet.difference(prunedSet.union(owned)), schema);
  const keptSet = toFieldSet(keptOwned, schema).withFieldAncestors();
  return removeItems(merged, mergedSet.difference(keptSet).intersection(last), schema);
}

function finish(result: JsonMap, managers: Managers): KubeObject {
  for (const [id, r] of managers) {
    r.set = strip(r.set);
    if (r.set.isEmpty()) managers.delete(id);
  }
  capUpdateManagers(managers);
  const meta = isMap(result.metadata) ? result.metadata : {};
  result.metadata = meta;
  const entries = encodeManagedFields(managers);
  if (entries.length > 0) meta.managedFields = entries;
  else delete meta.managedFields;
  return result as KubeObject;
}

function structural<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StructureError) throw badRequest(err.message);
    throw err;
  }
}

/** Parses an `application/apply-patch+yaml` body (YAML or JSON) into an object; garbage → 400. */
export function parseApplyBody(body: unknown): KubeObject {
  let value: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    try {
      value = parseYaml(text);
    } catch (err) {
      throw badRequest(`error decoding YAML: ${(err as Error).message}`);
    }
  }
  if (!isMap(value)) throw badRequest('error decoding YAML: the apply configuration must be an object');
  return value as KubeObject;
}

/**
 * Server-side apply of `applied` onto `current` (undefined = create). Returns the new object with
 * updated `metadata.managedFields`; inputs are not mutated. Throws 409 Conflict (causes per field)
 * or 400 for an unusable configuration.
 */
export function apply(
  def: ResourceDefinition,
  current: KubeObject | undefined,
  applied: KubeObject,
  opts: ApplyOptions,
): KubeObject {
  if (!isMap(applied)) throw badRequest('the apply configuration must be an object');
  if (typeof applied.apiVersion !== 'string' || applied.apiVersion === '')
    throw badRequest('apiVersion must be set');
  if (typeof applied.kind !== 'string' || applied.kind === '') throw badRequest('kind must be set');
  if (isMap(applied.metadata) && applied.metadata.managedFields != null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const manager = opts.manager ?? opts.fieldManager;
  if (!manager) throw badRequest('PATCH: fieldManager is required for apply requests');
  const kind = kindSchema(def);
  const schema = kind.type;
  const time = timestamp(opts.now ?? new Date());
  const version = applied.apiVersion;
  const ignored = ignoredFor(def, opts.subresource);
  const keep = (p: FieldPath) => !ignored(p);

  return structural(() => {
    const managers = decodeOrReset(current?.metadata?.managedFields);
    const live = current ? withoutManagedFields(current) : {};
    // the configuration without fields this write may not touch (reset fields)
    const config: JsonMap = {};
    for (const [k, v] of Object.entries(applied)) {
      if (k === 'apiVersion' || k === 'kind' || k === 'metadata' || keep([`f:${k}`]))
        setOwn(config, k, cloneJson(v));
    }

    if (current && managers.size === 0) {
      // an object nobody tracked yet: existing fields go to "before-first-apply" (skipNonApplied)
      const created = compareObjects(kind.zero(), live, schema);
      const set = strip(created.added.union(created.modified).filter(keep));
      if (!set.isEmpty()) {
        const r: ManagerRecord = {
          manager: BEFORE_FIRST_APPLY_MANAGER,
          operation: 'Update',
          apiVersion: version,
          time,
          set,
        };
        managers.set(managerId(r), r);
      }
    }

    const applierId = managerId({
      manager,
      operation: 'Apply',
      apiVersion: version,
      ...sub(opts),
    });
    const last = managers.get(applierId);
    const applier: ManagerRecord = {
      manager,
      operation: 'Apply',
      apiVersion: version,
      ...sub(opts),
      ...(last?.time ? { time: last.time } : {}),
      set: toFieldSet(config, schema).filter(keep),
    };
    managers.set(applierId, applier);

    let merged = mergeObjects(live, config, schema);
    if (last && !last.set.isEmpty()) merged = prune(merged, managers, last.set, schema);

    const cmp = compareObjects(live, merged, schema);
    const changed = cmp.modified.union(cmp.added).filter(keep);
    const removed = cmp.removed.filter(keep);
    const conflicts: Conflict[] = [];
    for (const [id, r] of managers) {
      if (id === applierId) continue;
      const overlap = r.set.intersection(changed);
      if (!overlap.isEmpty()) conflicts.push({ id, record: r, paths: overlap.paths() });
    }
    if (conflicts.length > 0 && !opts.force) {
      // kubectl moving from client-side apply: fields still as last applied may change hands
      const remaining =
        manager === KUBECTL_MANAGER
          ? withoutAllowed(conflicts, fieldsMatchingLastApplied(live, version, schema))
          : conflicts;
      if (remaining.length > 0) throw conflictError(remaining);
    }
    for (const [id, r] of managers) {
      if (id === applierId) continue;
      r.set = r.set.difference(changed).difference(removed);
    }
    // The manager's time moves only when its apply changed the object (upstream
    // managedfieldsupdater.go): a manager that applies values already there gets no time.
    if (!deepEqual(live, merged)) applier.time = time;
    if (manager === KUBECTL_MANAGER) syncLastApplied(merged, applied);
    return finish(merged, managers);
  });
}

const sub = (o: { subresource?: string | undefined }) =>
  o.subresource ? { subresource: o.subresource } : {};

/**
 * Records field ownership for a non-apply write (create, update, patch) of `newObj` over `oldObj`
 * (undefined = create) and returns `newObj` with updated managedFields. As upstream, managedFields
 * a client sends are used when present; an existing object that has no managedFields stays
 * untracked (its pre-existing fields are not attributed to anyone).
 */
export function trackUpdate(
  def: ResourceDefinition,
  oldObj: KubeObject | undefined,
  newObj: KubeObject,
  opts: UpdateOptions,
): KubeObject {
  const kind = kindSchema(def);
  const schema = kind.type;
  const ignored = ignoredFor(def, opts.subresource);
  const keep = (p: FieldPath) => !ignored(p);
  return structural(() => {
    let managers = opts.subresource ? new Map() : decodeOrReset(newObj.metadata?.managedFields);
    if (managers.size === 0) managers = decodeOrReset(oldObj?.metadata?.managedFields);
    const next = withoutManagedFields(newObj);
    if (oldObj && managers.size === 0) return finish(next, managers);

    // a create is compared with the kind's zero object (upstream: objectCreater.New)
    const live = oldObj ? withoutManagedFields(oldObj) : kind.zero();
    const cmp = compareObjects(live, next, schema);
    const changed = cmp.modified.union(cmp.added).filter(keep);
    const removed = cmp.removed.filter(keep);
    for (const r of managers.values()) r.set = r.set.difference(changed).difference(removed);

    const own = strip(changed);
    if (!own.isEmpty()) {
      const record: ManagerRecord = {
        manager: opts.manager ?? opts.fieldManager ?? '',
        operation: 'Update',
        apiVersion: newObj.apiVersion,
        ...sub(opts),
        time: timestamp(opts.now ?? new Date()),
        set: own,
      };
      const id = managerId(record);
      const previous = managers.get(id);
      if (previous) record.set = previous.set.union(own);
      managers.set(id, record);
    }
    return finish(next, managers);
  });
}
