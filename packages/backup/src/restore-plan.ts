/**
 * What a restore would change in a target: per archived object `create` (absent), `update`
 * (present and different in a field the archive carries) or `unchanged`; objects the target holds
 * beyond the archive are left alone (a restore never deletes). Comparison ignores the fields each
 * store assigns (system-fields.ts), so restoring the same archive twice changes nothing.
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { ObjectEndpoint, Snapshot } from './snapshot.js';
import { comparable, sameJson, withOwnerUids } from './system-fields.js';

export type Change = 'create' | 'update' | 'unchanged';

export interface PlannedObject {
  def: ResourceDefinition;
  /** As archived. */
  object: KubeObject;
  change: Change;
  /** The target's object, for updates and unchanged ones. */
  current?: KubeObject | undefined;
}

export interface RestorePlan {
  items: PlannedObject[];
  counts: Record<Change, number>;
  /** Archived uid → the uid of the same object in the target, where it exists there. */
  uids: Map<string, string>;
}

const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;

export async function planRestore(snapshot: Snapshot, target: ObjectEndpoint): Promise<RestorePlan> {
  const matched: { def: ResourceDefinition; object: KubeObject; current: KubeObject | undefined }[] = [];
  const uids = new Map<string, string>();
  for (const { def, objects } of snapshot) {
    const stored = new Map((await target.list(def)).map((o) => [keyOf(o), o]));
    for (const object of objects) {
      const current = stored.get(keyOf(object));
      const [from, to] = [object.metadata.uid, current?.metadata.uid];
      if (from && to) uids.set(from, to);
      matched.push({ def, object, current });
    }
  }
  const counts: Record<Change, number> = { create: 0, update: 0, unchanged: 0 };
  const items = matched.map(({ def, object, current }): PlannedObject => {
    const change: Change = !current
      ? 'create'
      : sameJson(comparable(withOwnerUids(object, uids)), comparable(current))
        ? 'unchanged'
        : 'update';
    counts[change]++;
    return { def, object, change, current };
  });
  // Owners first, so that dependents created later can name their owners' new uids.
  items.sort((a, b) => ownerRank(a) - ownerRank(b));
  return { items, counts, uids };
}

const ownerRank = (item: PlannedObject) => (item.object.metadata.ownerReferences?.length ? 1 : 0);
