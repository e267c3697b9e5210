import { StatusError } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { selfSubjectAccessReview, subjectAccessReview } from './access-review.js';
import { createAuthorizer } from './authorizers.js';
import type { RbacSnapshot } from './rbac.js';
import { selfSubjectRulesReview } from './rules-review.js';

const snapshot: RbacSnapshot = {
  roles: [],
  clusterRoles: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'secret-lister' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
    },
  ],
  roleBindings: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { namespace: 'higress-system', name: 'gateway-secrets' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'secret-lister' },
      subjects: [{ kind: 'ServiceAccount', name: 'higress-gateway', namespace: 'higress-system' }],
    },
  ],
  clusterRoleBindings: [],
};
const authz = createAuthorizer({ mode: 'RBAC', source: () => snapshot });

const sar = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'authorization.k8s.io/v1',
  kind: 'SubjectAccessReview',
  metadata: {},
  spec,
});

describe('subjectAccessReview', () => {
  // the review Pilot sends before serving a gateway's TLS secret over SDS
  const pilotSpec = (namespace: string) => ({
    user: 'system:serviceaccount:higress-system:higress-gateway',
    resourceAttributes: { namespace, verb: 'list', resource: 'secrets' },
  });

  it('allows what RBAC allows and echoes the review with status', async () => {
    const res = await subjectAccessReview(authz, sar(pilotSpec('higress-system')));
    expect(res).toMatchObject({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: pilotSpec('higress-system'),
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by RoleBinding "gateway-secrets/higress-system" of ClusterRole "secret-lister" to ServiceAccount "higress-gateway/higress-system"',
      },
    });
  });

  it('answers allowed: false (not denied) for what nobody allows', async () => {
    const res = await subjectAccessReview(authz, sar(pilotSpec('default')));
    expect(res.status).toEqual({ allowed: false });
  });

  it('evaluates the groups given in the spec (system:masters)', async () => {
    const res = await subjectAccessReview(
      authz,
      sar({
        user: 'x',
        groups: ['system:masters'],
        nonResourceAttributes: { path: '/metrics', verb: 'get' },
      }),
    );
    expect(res.status.allowed).toBe(true);
  });

  it('rejects specs without attributes, with both kinds, or without user and groups (422)', async () => {
    const err = await subjectAccessReview(authz, sar({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatusError);
    const status = (err as StatusError).toStatus();
    expect(status).toMatchObject({ code: 422, reason: 'Invalid', details: { kind: 'SubjectAccessReview' } });
    expect(status.details?.causes?.map((c) => c.field)).toEqual(['spec.resourceAttributes', 'spec.user']);
    await expect(
      subjectAccessReview(
        authz,
        sar({
          user: 'a',
          resourceAttributes: { verb: 'get' },
          nonResourceAttributes: { path: '/', verb: 'get' },
        }),
      ),
    ).rejects.toMatchObject({ code: 422, details: { causes: [{ field: 'spec.nonResourceAttributes' }] } });
  });
});

describe('selfSubjectAccessReview (kubectl auth can-i)', () => {
  const ssar = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: {},
    spec,
  });
  const gateway = {
    username: 'system:serviceaccount:higress-system:higress-gateway',
    groups: ['system:serviceaccounts', 'system:authenticated'],
  };

  it('answers for the requesting user', async () => {
    const yes = await selfSubjectAccessReview(
      authz,
      ssar({ resourceAttributes: { namespace: 'higress-system', verb: 'list', resource: 'secrets' } }),
      gateway,
    );
    expect(yes.status.allowed).toBe(true);
    const no = await selfSubjectAccessReview(
      authz,
      ssar({ resourceAttributes: { namespace: 'higress-system', verb: 'delete', resource: 'secrets' } }),
      gateway,
    );
    expect(no.status).toEqual({ allowed: false });
  });

  it('uses the bootstrap policy for non-resource checks', async () => {
    const res = await selfSubjectAccessReview(
      authz,
      ssar({ nonResourceAttributes: { path: '/apis', verb: 'get' } }),
      gateway,
    );
    expect(res.status.allowed).toBe(true);
  });

  it('rejects a spec without attributes (422)', async () => {
    await expect(selfSubjectAccessReview(authz, ssar({}), gateway)).rejects.toMatchObject({ code: 422 });
  });
});

describe('selfSubjectRulesReview (kubectl auth can-i --list)', () => {
  const review = (namespace?: string): KubeObject => ({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    metadata: {},
    spec: namespace === undefined ? {} : { namespace },
  });
  const gateway = {
    username: 'system:serviceaccount:higress-system:higress-gateway',
    groups: ['system:serviceaccounts', 'system:authenticated'],
  };

  it('lists namespace and cluster rules of the user, bootstrap policy included', async () => {
    const res = await selfSubjectRulesReview(authz, review('higress-system'), gateway);
    expect(res.status.incomplete).toBe(false);
    expect(res.status.resourceRules).toContainEqual({
      verbs: ['list'],
      apiGroups: [''],
      resources: ['secrets'],
    });
    expect(res.status.resourceRules).toContainEqual({
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    });
    expect(res.status.nonResourceRules.flatMap((r) => r.nonResourceURLs)).toContain('/apis/*');
    const elsewhere = await selfSubjectRulesReview(authz, review('default'), gateway);
    expect(elsewhere.status.resourceRules).not.toContainEqual({
      verbs: ['list'],
      apiGroups: [''],
      resources: ['secrets'],
    });
  });

  it('system:masters holds everything through cluster-admin; AlwaysAllow answers *', async () => {
    const masters = await selfSubjectRulesReview(authz, review('x'), {
      username: 'a',
      groups: ['system:masters'],
    });
    expect(masters.status.resourceRules).toContainEqual({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    const open = await selfSubjectRulesReview(
      createAuthorizer({ mode: 'AlwaysAllow' }),
      review('x'),
      gateway,
    );
    expect(open.status.nonResourceRules).toEqual([{ verbs: ['*'], nonResourceURLs: ['*'] }]);
  });

  it('needs a namespace (400)', async () => {
    await expect(selfSubjectRulesReview(authz, review(), gateway)).rejects.toMatchObject({
      code: 400,
      message: 'no namespace on request',
    });
  });
});
