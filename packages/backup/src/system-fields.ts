/**
 * System fields across a backup and restore (decision 0021), after velero's restore
 * (pkg/restore/restore.go `resetMetadata`): the archive keeps what describes the object and
 * drops what only meant something to the store it came from.
 * - `resourceVersion` and `managedFields` are dropped at backup: a revision of another store, and
 *   field ownership recorded against that store's history.
 * - `uid`, `creationTimestamp` and `generation` stay in the archive for reference; on restore the
 *   target store assigns its own (as for any create), and `ownerReferences` are re-pointed to the
 *   uids the owners have in the target.
 * Comparing an archived object with a stored one ignores exactly these fields.
 */
import type { KubeObject } from '@hs/resources';

const DROPPED_AT_BACKUP = ['resourceVersion', 'managedFields', 'selfLink'] as const;
const ASSIGNED_BY_TARGET = ['uid', 'creationTimestamp', 'generation', ...DROPPED_AT_BACKUP] as const;

/** The object as an archive holds it (a private copy). */
export function portableObject(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj) as KubeObject;
  const meta = copy.metadata as Record<string, unknown>;
  for (const field of DROPPED_AT_BACKUP) delete meta[field];
  return copy;
}

/** The fields a restore compares: the object without the fields each store assigns. */
export function comparable(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj) as KubeObject;
  const meta = copy.metadata as Record<string, unknown>;
  for (const field of ASSIGNED_BY_TARGET) delete meta[field];
  return copy;
}

/** A copy whose ownerReferences name the owners' uids in the target, where known. */
export function withOwnerUids(obj: KubeObject, uids: ReadonlyMap<string, string>): KubeObject {
  const refs = obj.metadata.ownerReferences;
  if (!refs?.some((ref) => uids.has(ref.uid))) return obj;
  const copy = structuredClone(obj) as KubeObject;
  copy.metadata.ownerReferences = refs.map((ref) => ({ ...ref, uid: uids.get(ref.uid) ?? ref.uid }));
  return copy;
}

/** Deep equality of JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
