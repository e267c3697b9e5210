/**
 * Namespace strategy, after k8s.io/kubernetes pkg/registry/core/namespace/strategy.go: a new
 * namespace is Active. Expects to run after the server has dropped client-set status (as for every
 * kind with a status subresource). Updates need nothing here: the generic status-subresource split
 * already keeps the stored status. (`spec.finalizers: [kubernetes]` is not added: nothing here
 * would ever remove it, and deletion would hang.)
 */
import type { ResourceStrategy } from '../types.js';

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
