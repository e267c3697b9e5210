/**
 * `metadata.managedFields` ⇄ per-manager field sets, after k8s.io/apimachinery/pkg/util/managedfields/
 * internal/managedfields.go (DecodeManagedFields, BuildManagerIdentifier, sortEncodedManagedFields)
 * and internal/conflict.go (printManager). A manager is identified by manager + operation
 * (+ apiVersion for Update, + subresource); time is not part of the identity.
 */
import type { ManagedFieldsEntry } from '@hs/resources';
import { FieldSet } from './field-set.js';

export interface ManagerRecord {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  /** RFC 3339, second precision. */
  time?: string;
  set: FieldSet;
}

export type Managers = Map<string, ManagerRecord>;

/** BuildManagerIdentifier: the JSON of the entry without fields, time and (for Apply) apiVersion. */
export function managerId(
  r: Pick<ManagerRecord, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  const id: Record<string, string> = {};
  if (r.manager) id.manager = r.manager;
  id.operation = r.operation;
  if (r.operation === 'Update' && r.apiVersion) id.apiVersion = r.apiVersion;
  if (r.subresource) id.subresource = r.subresource;
  return JSON.stringify(id);
}

/** `"kubectl"` for appliers, `"kubectl-edit" using v1` for updaters, as conflict messages print them. */
export function describeManager(
  r: Pick<ManagerRecord, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  let out = JSON.stringify(r.manager);
  if (r.subresource) out += ` with subresource ${JSON.stringify(r.subresource)}`;
  if (r.operation === 'Update') out += ` using ${r.apiVersion}`;
  return out;
}

/** Decodes entries; throws on malformed ones (callers decide whether to reset or refuse). */
export function decodeManagedFields(entries: unknown): Managers {
  const out: Managers = new Map();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  for (const raw of entries) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new Error('managedFields entries must be objects');
    }
    const e = raw as ManagedFieldsEntry;
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') {
      throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)}`);
    }
    const operation = e.operation ?? 'Update';
    if (operation !== 'Apply' && operation !== 'Update')
      throw new Error(`invalid operation ${JSON.stringify(operation)}`);
    const record: ManagerRecord = {
      manager: e.manager ?? '',
      operation,
      apiVersion: e.apiVersion ?? '',
      set: FieldSet.fromFieldsV1(e.fieldsV1 ?? {}),
    };
    if (e.subresource) record.subresource = e.subresource;
    if (e.time) record.time = e.time;
    const id = managerId(record);
    if (out.has(id)) throw new Error(`found a duplicate manager: ${id}`);
    out.set(id, record);
  }
  return out;
}

/** Encodes non-empty managers, sorted as upstream: operation, time, manager, apiVersion, subresource. */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const records = [...managers.values()].filter((r) => !r.set.isEmpty());
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  records.sort(
    (a, b) =>
      cmp(a.operation, b.operation) ||
      seconds(a.time) - seconds(b.time) ||
      cmp(a.manager, b.manager) ||
      cmp(a.apiVersion, b.apiVersion) ||
      cmp(a.subresource ?? '', b.subresource ?? ''),
  );
  return records.map((r) => {
    const e: ManagedFieldsEntry = { manager: r.manager, operation: r.operation, apiVersion: r.apiVersion };
    if (r.time) e.time = r.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = r.set.toFieldsV1();
    if (r.subresource) e.subresource = r.subresource;
    return e;
  });
}

/** metav1.Time at second precision: `2026-11-21T22:33:08Z`. */
export function timestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/** upstream DefaultMaxUpdateManagers and the bucket manager's name (internal/capmanagers.go). */
export const MAX_UPDATE_MANAGERS = 10;
export const ANCIENT_CHANGES_MANAGER = 'ancient-changes';

/**
 * Keeps at most `max` Update managers (capUpdateManagers): the oldest are folded, per apiVersion,
 * into an `ancient-changes` entry that takes the newest folded time. Mutates `managers`.
 */
export function capUpdateManagers(managers: Managers, max = MAX_UPDATE_MANAGERS): void {
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const updaters = [...managers.entries()]
    .filter(([, r]) => r.operation === 'Update')
    .sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || (ia < ib ? -1 : ia > ib ? 1 : 0));
  let count = updaters.length;
  const firstByVersion = new Map<string, string>();
  for (const [id, r] of updaters) {
    if (count <= max) break;
    const bucket: ManagerRecord = {
      manager: ANCIENT_CHANGES_MANAGER,
      operation: 'Update',
      apiVersion: r.apiVersion,
      set: new FieldSet(),
    };
    const bucketId = managerId(bucket);
    const first = firstByVersion.get(r.apiVersion);
    if (first === undefined) {
      firstByVersion.set(r.apiVersion, id);
      continue;
    }
    if (!managers.has(bucketId)) {
      const firstRecord = managers.get(first) as ManagerRecord;
      managers.delete(first);
      managers.set(bucketId, {
        ...bucket,
        set: firstRecord.set,
        ...(firstRecord.time ? { time: firstRecord.time } : {}),
      });
    }
    const current = managers.get(bucketId) as ManagerRecord;
    managers.set(bucketId, {
      ...bucket,
      set: r.set.union(current.set),
      ...(r.time ? { time: r.time } : {}),
    });
    managers.delete(id);
    count--;
  }
}
