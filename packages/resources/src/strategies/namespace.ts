/**
 * Namespace strategy, after k8s.io/kubernetes pkg/registry/core/namespace/strategy.go and
 * storage/storage.go: a new namespace is Active and carries the `kubernetes` finalizer; the
 * `kubernetes.io/metadata.name` label always names it (pkg/apis/core/v1/defaults.go
 * SetDefaults_Namespace); an update keeps the stored `spec.finalizers`; a delete marks it
 * Terminating and the namespace controller removes its content and then the finalizer.
 *
 * Upstream removes finalizers only through `/finalize`; this server has no such subresource, so
 * while a namespace is being deleted an update may drop finalizers (never add one): that is how
 * its namespace controller finishes, and how an operator releases a stuck namespace.
 */
import type { KubeObject, ResourceStrategy } from '../types.js';

/** The finalizer the namespace controller removes once the namespace is empty (api.FinalizerKubernetes). */
export const KUBERNETES_FINALIZER = 'kubernetes';
/** The label every namespace carries with its own name (v1.LabelMetadataName). */
export const NAME_LABEL = 'kubernetes.io/metadata.name';

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** `spec.finalizers` of a namespace (strings only). */
export function specFinalizers(obj: KubeObject): string[] {
  const list = record(obj.spec).finalizers;
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
}

function setSpecFinalizers(obj: KubeObject, finalizers: string[]): void {
  obj.spec = { ...record(obj.spec), finalizers };
}

function labelWithName(obj: KubeObject): void {
  const name = obj.metadata.name;
  if (name === undefined) return;
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAME_LABEL]: name };
}

export const namespaceStrategy: ResourceStrategy = {
  // The scheme default (so the writing manager owns the label); prepare* keep it in place for
  // every write, as the strategy's Canonicalize does.
  applyDefaults: labelWithName,
  prepareForCreate(obj) {
    obj.status = { ...record(obj.status), phase: 'Active' };
    const finalizers = specFinalizers(obj);
    if (!finalizers.includes(KUBERNETES_FINALIZER)) {
      setSpecFinalizers(obj, [...finalizers, KUBERNETES_FINALIZER]);
    }
    labelWithName(obj);
  },
  prepareForUpdate(obj, old) {
    const before = specFinalizers(old);
    const after = specFinalizers(obj);
    const released = old.metadata.deletionTimestamp !== undefined && after.every((f) => before.includes(f));
    if (!released) {
      if (before.length > 0 || record(old.spec).finalizers !== undefined) setSpecFinalizers(obj, before);
      else if (obj.spec !== undefined) delete record(obj.spec).finalizers;
    }
    labelWithName(obj);
  },
  holdsDeletion: (obj) => specFinalizers(obj).length > 0,
  prepareForDelete(obj) {
    obj.status = { ...record(obj.status), phase: 'Terminating' };
  },
};

/**
 * The Namespace that stands for a namespace in use but not stored (`impliedByNamespace`): what
 * kube-apiserver shows for a namespace created without a body beyond its name.
 */
export function impliedNamespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { [NAME_LABEL]: name } },
    spec: { finalizers: [KUBERNETES_FINALIZER] },
    status: { phase: 'Active' },
  };
}
