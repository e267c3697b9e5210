/**
 * Namespace strategy, after k8s.io/kubernetes pkg/registry/core/namespace/strategy.go: a new
 * namespace is Active. Expects to run after the server has dropped client-set status (as for every
 * kind with a status subresource). Updates need nothing here: the generic status-subresource split
 * already keeps the stored status. (`spec.finalizers: [kubernetes]` is not added: nothing here
 * would ever remove it, and deletion would hang.)
 */
import type { KubeObject, ResourceStrategy } from '../types.js';

export const namespaceStrategy: ResourceStrategy = {
  prepareForCreate(obj) {
    const status = obj.status;
    const current =
      status !== null && typeof status === 'object' && !Array.isArray(status)
        ? (status as Record<string, unknown>)
        : {};
    obj.status = { ...current, phase: 'Active' };
  },
};

/**
 * The Namespace that stands for a namespace in use but not stored (`impliedByNamespace`): Active,
 * with the name label kube-apiserver's admission adds and the `kubernetes` finalizer it shows.
 */
export function impliedNamespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
