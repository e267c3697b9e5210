import type { KubeObject } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import type { UserInfo } from '../authn/types.js';
import { alwaysAllow, alwaysDeny, createAuthorizer, unionAuthorizer } from './authorizers.js';
import { evaluateRbac, type RbacSnapshot, rbacAuthorizer } from './rbac.js';
import { requestAttributes } from './request-attributes.js';
import type { Attributes } from './types.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (namespace: string, name: string, rules: unknown[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'Role',
  metadata: { namespace, name },
  rules,
});
const clusterRole = (name: string, rules: unknown[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRole',
  metadata: { name },
  rules,
});
const ref = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
const roleBinding = (namespace: string, name: string, roleRef: unknown, subjects: unknown[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'RoleBinding',
  metadata: { namespace, name },
  roleRef,
  subjects,
});
const clusterRoleBinding = (name: string, roleRef: unknown, subjects: unknown[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef,
  subjects,
});
const userSubject = (name: string) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });

const alice: UserInfo = { username: 'alice', groups: ['system:authenticated'] };
const bob: UserInfo = { username: 'bob', groups: ['ops', 'system:authenticated'] };
const gateway: UserInfo = {
  username: 'system:serviceaccount:higress-system:higress-gateway',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:higress-system'],
};

const snapshot: RbacSnapshot = {
  roles: [
    role('team-a', 'cm-reader', [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
    ]),
    role('team-a', 'one-secret', [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['tls-cert'] },
    ]),
  ],
  clusterRoles: [
    clusterRole('secret-reader', [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
    ]),
    clusterRole('higress-all', [{ apiGroups: ['networking.higress.io'], resources: ['*'], verbs: ['*'] }]),
    clusterRole('status-writer', [{ apiGroups: ['*'], resources: ['*/status'], verbs: ['update', 'patch'] }]),
    clusterRole('health', [{ nonResourceURLs: ['/healthz', '/debug/*'], verbs: ['get'] }]),
  ],
  roleBindings: [
    roleBinding('team-a', 'alice-cm', ref('Role', 'cm-reader'), [userSubject('alice')]),
    roleBinding('team-a', 'alice-one-secret', ref('Role', 'one-secret'), [userSubject('alice')]),
    roleBinding('team-b', 'ops-secrets', ref('ClusterRole', 'secret-reader'), [
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' },
    ]),
    // a ServiceAccount subject without namespace means the binding's namespace
    roleBinding('higress-system', 'gw-secrets', ref('ClusterRole', 'secret-reader'), [
      { kind: 'ServiceAccount', name: 'higress-gateway' },
    ]),
    roleBinding('team-a', 'dangling', ref('Role', 'missing'), [userSubject('alice')]),
  ],
  clusterRoleBindings: [
    clusterRoleBinding('bob-higress', ref('ClusterRole', 'higress-all'), [userSubject('bob')]),
    clusterRoleBinding('bob-status', ref('ClusterRole', 'status-writer'), [userSubject('bob')]),
    clusterRoleBinding('health', ref('ClusterRole', 'health'), [
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' },
    ]),
  ],
};

const authz = rbacAuthorizer(() => snapshot);
const check = async (user: UserInfo, method: string, url: string) =>
  (await authz.authorize(requestAttributes(method, url, undefined, user))).decision;

describe('rbacAuthorizer', () => {
  it('a namespaced read-only Role lets its user list ConfigMaps in that namespace only, and never write', async () => {
    expect(await check(alice, 'GET', '/api/v1/namespaces/team-a/configmaps')).toBe('allow');
    expect(await check(alice, 'GET', '/api/v1/namespaces/team-a/configmaps?watch=true')).toBe('allow');
    expect(await check(alice, 'GET', '/api/v1/namespaces/team-a/configmaps/c1')).toBe('allow');
    expect(await check(alice, 'GET', '/api/v1/namespaces/team-b/configmaps')).toBe('no-opinion');
    expect(await check(alice, 'GET', '/api/v1/configmaps')).toBe('no-opinion');
    expect(await check(alice, 'POST', '/api/v1/namespaces/team-a/configmaps')).toBe('no-opinion');
    expect(await check(alice, 'DELETE', '/api/v1/namespaces/team-a/configmaps/c1')).toBe('no-opinion');
    expect(await check(bob, 'GET', '/api/v1/namespaces/team-a/configmaps')).toBe('no-opinion');
  });

  it('names the binding that allowed, as upstream', async () => {
    const res = await authz.authorize(
      requestAttributes('GET', '/api/v1/namespaces/team-a/configmaps', undefined, alice),
    );
    expect(res.reason).toBe(
      'RBAC: allowed by RoleBinding "alice-cm/team-a" of Role "cm-reader" to User "alice"',
    );
  });

  it('a ClusterRole bound by a RoleBinding applies in that namespace only', async () => {
    expect(await check(bob, 'GET', '/api/v1/namespaces/team-b/secrets')).toBe('allow');
    expect(await check(bob, 'GET', '/api/v1/namespaces/team-a/secrets')).toBe('no-opinion');
    expect(await check(bob, 'GET', '/api/v1/secrets')).toBe('no-opinion');
  });

  it('resourceNames restrict to the named object (and cannot grant list)', async () => {
    expect(await check(alice, 'GET', '/api/v1/namespaces/team-a/secrets/tls-cert')).toBe('allow');
    expect(await check(alice, 'GET', '/api/v1/namespaces/team-a/secrets/other')).toBe('no-opinion');
    expect(await check(alice, 'GET', '/api/v1/namespaces/team-a/secrets')).toBe('no-opinion');
  });

  it('wildcards: all resources and verbs of a group, and */status for any resource', async () => {
    expect(await check(bob, 'DELETE', '/apis/networking.higress.io/v1/namespaces/x/mcpbridges/default')).toBe(
      'allow',
    );
    expect(await check(bob, 'POST', '/apis/networking.higress.io/v1/namespaces/x/http2rpcs')).toBe('allow');
    expect(await check(bob, 'GET', '/apis/networking.k8s.io/v1/ingresses')).toBe('no-opinion');
    expect(await check(bob, 'PUT', '/apis/networking.k8s.io/v1/namespaces/x/ingresses/web/status')).toBe(
      'allow',
    );
    expect(await check(bob, 'PUT', '/apis/networking.k8s.io/v1/namespaces/x/ingresses/web')).toBe(
      'no-opinion',
    );
  });

  it('non-resource URLs: exact and prefix rules', async () => {
    expect(await check(alice, 'GET', '/healthz')).toBe('allow');
    expect(await check(alice, 'GET', '/debug/pprof/heap')).toBe('allow');
    expect(await check(alice, 'POST', '/healthz')).toBe('no-opinion');
    expect(await check(alice, 'GET', '/metrics')).toBe('no-opinion');
  });

  it('service-account subjects default to the binding namespace', async () => {
    expect(await check(gateway, 'GET', '/api/v1/namespaces/higress-system/secrets')).toBe('allow');
    expect(await check(gateway, 'GET', '/api/v1/namespaces/default/secrets')).toBe('no-opinion');
    const impostor = { username: 'system:serviceaccount:other:higress-gateway', groups: [] };
    expect(await check(impostor, 'GET', '/api/v1/namespaces/higress-system/secrets')).toBe('no-opinion');
  });

  it('reports a binding to a missing role as the reason when nothing allows', async () => {
    const res = await authz.authorize(
      requestAttributes('POST', '/api/v1/namespaces/team-a/pods', undefined, alice),
    );
    expect(res).toEqual({
      decision: 'no-opinion',
      reason: 'RBAC: role.rbac.authorization.k8s.io "missing" not found',
      evaluationError: 'role.rbac.authorization.k8s.io "missing" not found',
    });
  });

  it('ignores malformed stored objects instead of trusting them', () => {
    const broken: RbacSnapshot = {
      roles: [],
      clusterRoles: [{ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'x' }, rules: 'everything' }],
      roleBindings: [],
      clusterRoleBindings: [
        clusterRoleBinding('b', ref('ClusterRole', 'x'), [userSubject('alice')]),
        { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'c' }, subjects: 'alice' },
      ],
    };
    const attrs: Attributes = requestAttributes('GET', '/api/v1/pods', undefined, alice);
    expect(evaluateRbac(broken, attrs).decision).toBe('no-opinion');
  });
});

describe('createAuthorizer', () => {
  const masters: UserInfo = { username: 'higress', groups: ['system:masters', 'system:authenticated'] };
  const anonymous: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
  const rbac = createAuthorizer({ mode: 'RBAC', source: () => snapshot });
  const decide = async (user: UserInfo, method: string, url: string) =>
    (await rbac.authorize(requestAttributes(method, url, undefined, user))).decision;

  it('system:masters is a superuser', async () => {
    expect(await decide(masters, 'DELETE', '/api/v1/namespaces/kube-system/secrets')).toBe('allow');
    expect(await decide(masters, 'GET', '/anything')).toBe('allow');
  });

  it('bootstrap policy: authenticated users may discover and review themselves, anonymous only health', async () => {
    expect(await decide(alice, 'GET', '/apis/networking.k8s.io/v1')).toBe('allow');
    expect(await decide(alice, 'GET', '/openapi/v3')).toBe('allow');
    expect(await decide(alice, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).toBe(
      'allow',
    );
    expect(await decide(alice, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews')).toBe(
      'no-opinion',
    );
    expect(await decide(anonymous, 'GET', '/readyz')).toBe('allow');
    expect(await decide(anonymous, 'GET', '/version')).toBe('allow');
    expect(await decide(anonymous, 'GET', '/api')).toBe('no-opinion');
  });

  it('a stored ClusterRole overrides the bootstrap one of the same name', async () => {
    const custom = createAuthorizer({
      mode: 'RBAC',
      source: () => ({
        ...snapshot,
        clusterRoles: [...snapshot.clusterRoles, clusterRole('system:discovery', [])],
      }),
    });
    const res = await custom.authorize(requestAttributes('GET', '/apis', undefined, alice));
    expect(res.decision).toBe('no-opinion');
  });

  it('AlwaysAllow mode reproduces the Go original', async () => {
    const open = createAuthorizer({ mode: 'AlwaysAllow' });
    expect(
      (await open.authorize(requestAttributes('DELETE', '/api/v1/secrets', undefined, anonymous))).decision,
    ).toBe('allow');
    expect(() => createAuthorizer({ mode: 'RBAC' })).toThrow(/source/);
  });

  it('union: the first decisive answer wins, no-opinion reasons are joined', async () => {
    const attrs = requestAttributes('GET', '/api/v1/pods', undefined, alice);
    expect((await unionAuthorizer(alwaysDeny(), alwaysAllow()).authorize(attrs)).decision).toBe('allow');
    const denier = { authorize: async () => ({ decision: 'deny' as const, reason: 'no' }) };
    expect(await unionAuthorizer(denier, alwaysAllow()).authorize(attrs)).toEqual({
      decision: 'deny',
      reason: 'no',
    });
    expect(await unionAuthorizer(alwaysDeny(), alwaysDeny()).authorize(attrs)).toEqual({
      decision: 'no-opinion',
      reason: 'Everything is forbidden.\nEverything is forbidden.',
    });
  });
});
