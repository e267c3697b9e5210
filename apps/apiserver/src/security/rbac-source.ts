/**
 * The RBAC objects of the server's own store as an `RbacSource` for @hs/security's evaluator.
 * The snapshot is rebuilt only when the store's global revision moved, and the previous snapshot
 * object is returned as long as none of the four kinds changed (the evaluator caches its index per
 * snapshot object), so steady traffic costs one revision comparison per request.
 */
import type { KubeObject, Registry, ResourceDefinition } from '@hs/resources';
import type { RbacSnapshot, RbacSource } from '@hs/security';
import type { Storage } from '@hs/storage';

const GROUP = 'rbac.authorization.k8s.io';
const KINDS = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;

/** The stored version of each RBAC kind present in the registry (first version that has it). */
function definitions(registry: Registry): (ResourceDefinition | undefined)[] {
  return KINDS.map((plural) => registry.entries.find((d) => d.group === GROUP && d.plural === plural));
}

/** A cheap fingerprint of one kind's items: count and every resourceVersion. */
const fingerprint = (items: readonly KubeObject[]) =>
  `${items.length}:${items.map((i) => i.metadata.resourceVersion ?? '').join(',')}`;

export function storageRbacSource(storage: Storage, registry: Registry): RbacSource {
  const defs = definitions(registry);
  let revision: string | undefined;
  let prints = '';
  let snapshot: RbacSnapshot = { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] };
  let refreshing: Promise<RbacSnapshot> | undefined;

  const refresh = async (): Promise<RbacSnapshot> => {
    const at = storage.currentResourceVersion();
    const lists = await Promise.all(
      // A consistent (most recent) list: a binding created just before must count.
      defs.map(async (def) => (def ? (await storage.for(def).list({})).items : [])),
    );
    const [roles = [], clusterRoles = [], roleBindings = [], clusterRoleBindings = []] = lists;
    const next = lists.map(fingerprint).join('|');
    if (next !== prints) {
      prints = next;
      snapshot = { roles, clusterRoles, roleBindings, clusterRoleBindings };
    }
    revision = at;
    return snapshot;
  };

  return () => {
    if (revision === storage.currentResourceVersion()) return snapshot;
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };
}
