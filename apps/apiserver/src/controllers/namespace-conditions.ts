/**
 * The status conditions the namespace controller keeps on a namespace being deleted, after
 * k8s.io/kubernetes pkg/controller/namespace/deletion/status_condition_utils.go: five condition
 * types, each False with an "ok" reason unless the last pass found that problem.
 */
import type { KubeObject } from '@hs/resources';

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** What one pass over a namespace's content found. */
export interface ContentTotals {
  /** Objects left per resource (`<plural>.<group>`). */
  remaining: Map<string, number>;
  /** Objects left per finalizer they carry. */
  finalizers: Map<string, number>;
  /** Deletions that failed, as messages. */
  errors: string[];
}

const OK: ReadonlyArray<[type: string, reason: string, message: string]> = [
  ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered', 'All resources successfully discovered'],
  [
    'NamespaceDeletionGroupVersionParsingFailure',
    'ParsedGroupVersions',
    'All legacy kube types successfully parsed',
  ],
  [
    'NamespaceDeletionContentFailure',
    'ContentDeleted',
    'All content successfully deleted, may be waiting on finalization',
  ],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  ['NamespaceFinalizersRemaining', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
];

const listed = (counts: Map<string, number>, format: (key: string, n: number) => string) =>
  [...counts]
    .filter(([, n]) => n > 0)
    .map(([key, n]) => format(key, n))
    .sort()
    .join(', ');

/** The failing conditions `totals` calls for, by type. */
function failures(totals: ContentTotals): Map<string, [reason: string, message: string]> {
  const out = new Map<string, [string, string]>();
  if (totals.errors.length > 0) {
    const messages = [...totals.errors].sort().join(', ');
    out.set('NamespaceDeletionContentFailure', [
      'ContentDeletionFailed',
      `Failed to delete all resource types, ${totals.errors.length} remaining: ${messages}`,
    ]);
  }
  if (totals.remaining.size > 0) {
    const text = listed(totals.remaining, (gr, n) => `${gr} has ${n} resource instances`);
    out.set('NamespaceContentRemaining', ['SomeResourcesRemain', `Some resources are remaining: ${text}`]);
  }
  if (totals.finalizers.size > 0) {
    const text = listed(totals.finalizers, (f, n) => `${f} in ${n} resource instances`);
    out.set('NamespaceFinalizersRemaining', [
      'SomeFinalizersRemain',
      `Some content in the namespace has finalizers remaining: ${text}`,
    ]);
  }
  return out;
}

/**
 * Sets the five conditions on `ns` (a private copy) from `totals`; true when anything changed,
 * the transition time moving only when a condition's status does (updateConditions).
 */
export function updateConditions(ns: KubeObject, totals: ContentTotals, now: string): boolean {
  if (ns.status === undefined) ns.status = {};
  const status = ns.status as { conditions?: NamespaceCondition[] };
  if (status.conditions === undefined) status.conditions = [];
  const conditions = status.conditions;
  const failing = failures(totals);
  let changed = false;
  for (const [type, okReason, okMessage] of OK) {
    const failure = failing.get(type);
    const want = {
      status: failure ? ('True' as const) : ('False' as const),
      reason: failure?.[0] ?? okReason,
      message: failure?.[1] ?? okMessage,
    };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push({
        type,
        status: want.status,
        lastTransitionTime: now,
        reason: want.reason,
        message: want.message,
      });
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      Object.assign(old, want);
      changed = true;
    }
  }
  return changed;
}
