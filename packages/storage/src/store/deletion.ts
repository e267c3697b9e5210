/**
 * What a DELETE does to a stored object, after k8s.io/apiserver pkg/registry/rest/delete.go
 * BeforeDelete and pkg/registry/generic/registry/store.go Delete /
 * updateForGracefulDeletionAndFinalizers: a kind with graceful deletion (the strategy's
 * `gracePeriodSeconds`, e.g. an unscheduled Pod: 0) is first marked with `deletionTimestamp`
 * (now + grace period) and `deletionGracePeriodSeconds`; with a grace period of 0 and no
 * finalizers it is then deleted, else it stays until the period ends (for someone else to delete)
 * or its finalizers are gone. Kinds without graceful deletion are deleted at once, or marked
 * with grace period 0 while finalizers hold them. A deletion already under way may only be
 * shortened. Pure: the store carries the plan out.
 */
import { cloneJson } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { formatTime } from './object-meta.js';

export type DeletionPlan =
  /** Nothing to write: the deletion is already under way. */
  | { action: 'pending' }
  /** Write `next` (marked for deletion); with `thenDelete` remove it right after. */
  | { action: 'mark'; next: KubeObject; thenDelete: boolean }
  | { action: 'delete' };

export function planDeletion(
  def: ResourceDefinition,
  current: KubeObject,
  requested: number | undefined,
  now: Date,
): DeletionPlan {
  const meta = current.metadata;
  if (def.strategy?.holdsDeletion?.(current)) {
    // The kind's own finalizers (Namespace spec.finalizers) mark it as its storage's Delete does
    // (k8s.io/kubernetes pkg/registry/core/namespace/storage/storage.go): a deletionTimestamp and
    // the strategy's change, no grace period; its controller deletes it later.
    if (meta.deletionTimestamp) return { action: 'pending' };
    const next = cloneJson(current);
    next.metadata.deletionTimestamp = formatTime(now);
    def.strategy.prepareForDelete?.(next);
    return { action: 'mark', next, thenDelete: false };
  }
  const held = (meta.finalizers?.length ?? 0) > 0;
  // negative grace periods count as 1 s on the delete path
  const asked = requested !== undefined && requested < 0 ? 1 : requested;
  const graceful = def.strategy?.gracePeriodSeconds;
  if (meta.deletionTimestamp) {
    const period = meta.deletionGracePeriodSeconds ?? 0;
    if (graceful && period > 0) {
      if (asked === undefined || asked >= period) return { action: 'pending' };
      const started = Date.parse(meta.deletionTimestamp) - period * 1000;
      return mark(current, new Date(started + asked * 1000), asked, false, held);
    }
    return held ? { action: 'pending' } : { action: 'delete' };
  }
  if (graceful) {
    const period = graceful(current, asked);
    return mark(current, new Date(now.getTime() + period * 1000), period, true, held);
  }
  return held ? mark(current, now, 0, true, true) : { action: 'delete' };
}

function mark(current: KubeObject, at: Date, period: number, first: boolean, held: boolean): DeletionPlan {
  const metadata = {
    ...current.metadata,
    deletionTimestamp: formatTime(at),
    deletionGracePeriodSeconds: period,
  };
  // Deletion starting is a change controllers must see (delete.go BeforeDelete, store.go markAsDeleting).
  const generation = metadata.generation ?? 0;
  if (first && generation > 0) metadata.generation = generation + 1;
  return { action: 'mark', next: { ...current, metadata }, thenDelete: !held && period === 0 };
}
