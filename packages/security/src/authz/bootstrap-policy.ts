/**
 * The default cluster roles and bindings every kube-apiserver has, a subset of k8s.io/kubernetes
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (as of v1.32): cluster-admin (bound to
 * system:masters), system:discovery and system:basic-user (authenticated users only — not
 * system:unauthenticated — may discover the API and run `kubectl auth can-i`),
 * system:public-info-viewer (GET of /healthz, /livez, /readyz, /version and /version/ for
 * everyone, anonymous included).
 * system:monitoring (`/metrics` and the health checks, for the group of the same name).
 * Anything else is forbidden to system:anonymous.
 * `withBootstrapPolicy` merges them under a source; a stored object of the same name wins.
 */
import type { KubeObject } from '@hs/resources';
import type { RbacSnapshot, RbacSource } from './rbac.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const metadata = (name: string) => ({
  name,
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
});

const clusterRole = (name: string, rules: Record<string, string[]>[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRole',
  metadata: metadata(name),
  rules,
});

const groupBinding = (name: string, role: string, groups: string[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRoleBinding',
  metadata: metadata(name),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
});

export function bootstrapClusterRoles(): KubeObject[] {
  return [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRole('system:discovery', [
      {
        nonResourceURLs: [
          '/livez',
          '/readyz',
          '/healthz',
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/openapi',
          '/openapi/*',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ]),
    clusterRole('system:basic-user', [
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ]),
    clusterRole('system:public-info-viewer', [
      { nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] },
    ]),
    clusterRole('system:monitoring', [
      {
        nonResourceURLs: [
          '/metrics',
          '/metrics/slis',
          '/livez',
          '/readyz',
          '/healthz',
          '/livez/*',
          '/readyz/*',
          '/healthz/*',
        ],
        verbs: ['get'],
      },
    ]),
  ];
}

export function bootstrapClusterRoleBindings(): KubeObject[] {
  return [
    groupBinding('cluster-admin', 'cluster-admin', ['system:masters']),
    groupBinding('system:discovery', 'system:discovery', ['system:authenticated']),
    groupBinding('system:basic-user', 'system:basic-user', ['system:authenticated']),
    groupBinding('system:public-info-viewer', 'system:public-info-viewer', [
      'system:authenticated',
      'system:unauthenticated',
    ]),
    groupBinding('system:monitoring', 'system:monitoring', ['system:monitoring']),
  ];
}

function mergeByName(defaults: KubeObject[], stored: readonly KubeObject[]): KubeObject[] {
  const names = new Set(stored.map((o) => o.metadata.name));
  return [...stored, ...defaults.filter((d) => !names.has(d.metadata.name))];
}

/** `source` plus the bootstrap policy; the merged snapshot is cached per source snapshot. */
export function withBootstrapPolicy(source: RbacSource): RbacSource {
  const roles = bootstrapClusterRoles();
  const bindings = bootstrapClusterRoleBindings();
  const merged = new WeakMap<RbacSnapshot, RbacSnapshot>();
  return async () => {
    const snapshot = await source();
    let out = merged.get(snapshot);
    if (!out) {
      out = {
        roles: snapshot.roles,
        roleBindings: snapshot.roleBindings,
        clusterRoles: mergeByName(roles, snapshot.clusterRoles),
        clusterRoleBindings: mergeByName(bindings, snapshot.clusterRoleBindings),
      };
      merged.set(snapshot, out);
    }
    return out;
  };
}
