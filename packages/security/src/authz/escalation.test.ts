/**
 * Escalation prevention on plain objects: the rule comparator (upstream policy_comparator_test
 * cases re-expressed), ConfirmNoEscalation's message, and the role/binding checks with the
 * `escalate` and `bind` verbs.
 */
import type { KubeObject } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import type { UserInfo } from '../authn/types.js';
import { createAuthorizer } from './authorizers.js';
import { checkBindingWrite, checkRoleWrite, confirmNoEscalation, rbacRuleResolver } from './escalation.js';
import { compactRules, compactString, covers } from './policy-comparator.js';
import type { RbacSnapshot } from './rbac.js';
import type { PolicyRule } from './rbac-types.js';

const r = (p: Partial<PolicyRule>): PolicyRule => ({
  verbs: [],
  apiGroups: [],
  resources: [],
  resourceNames: [],
  nonResourceURLs: [],
  ...p,
});

describe('covers', () => {
  it('is true for equal, wider and star rules', () => {
    const cm = r({ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] });
    expect(covers([cm], [cm]).covered).toBe(true);
    expect(covers([r({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })], [cm]).covered).toBe(true);
    expect(covers([r({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })], [cm])).toEqual({
      covered: false,
      missing: [r({ verbs: ['list'], apiGroups: [''], resources: ['configmaps'] })],
    });
  });

  it('splits a servant rule across several owner rules', () => {
    const owner = [
      r({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }),
      r({ verbs: ['list'], apiGroups: [''], resources: ['secrets'] }),
    ];
    expect(
      covers(owner, [r({ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] })]).covered,
    ).toBe(true);
  });

  it('treats resource names, subresources and URLs as upstream', () => {
    const named = r({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] });
    const unnamed = r({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] });
    expect(covers([named], [unnamed]).covered).toBe(false);
    expect(covers([unnamed], [named]).covered).toBe(true);
    expect(covers([named], [{ ...named, resourceNames: ['a', 'b'] }]).covered).toBe(false);
    const anyStatus = r({ verbs: ['update'], apiGroups: [''], resources: ['*/status'] });
    expect(
      covers([anyStatus], [r({ verbs: ['update'], apiGroups: [''], resources: ['pods/status'] })]).covered,
    ).toBe(true);
    expect(
      covers([anyStatus], [r({ verbs: ['update'], apiGroups: [''], resources: ['pods'] })]).covered,
    ).toBe(false);
    const health = r({ verbs: ['get'], nonResourceURLs: ['/healthz/*'] });
    expect(covers([health], [r({ verbs: ['get'], nonResourceURLs: ['/healthz/etcd'] })]).covered).toBe(true);
    expect(covers([health], [r({ verbs: ['get'], nonResourceURLs: ['/version'] })]).covered).toBe(false);
    // a resource rule never covers a URL and vice versa
    expect(covers([r({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })], [health]).covered).toBe(false);
  });

  it('compacts and prints missing rules like upstream', () => {
    const missing = compactRules([
      r({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }),
      r({ verbs: ['list'], apiGroups: [''], resources: ['secrets'] }),
      r({ verbs: ['get'], nonResourceURLs: ['/metrics'] }),
    ]);
    expect(missing.map(compactString)).toEqual([
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
      '{NonResourceURLs:["/metrics"], Verbs:["get"]}',
    ]);
  });
});

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
const role = (name: string, namespace: string, rules: Partial<PolicyRule>[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: meta(name, namespace),
  rules,
});
const clusterRole = (name: string, rules: Partial<PolicyRule>[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: meta(name),
  rules,
});
const binding = (
  name: string,
  namespace: string,
  roleRef: { kind: string; name: string },
  user: string,
): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: meta(name, namespace),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects: [{ kind: 'User', name: user }],
});

const snapshot: RbacSnapshot = {
  roles: [
    role('rbac-writer', 'team', [
      // not `*`: that verb would include escalate and bind
      {
        verbs: ['create', 'update', 'patch', 'get'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['roles', 'rolebindings'],
      },
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] },
    ]),
    role('secret-reader', 'team', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]),
    role('escalator', 'team', [
      { verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] },
    ]),
    role('binder', 'team', [
      {
        verbs: ['bind'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['roles'],
        resourceNames: ['secret-reader'],
      },
    ]),
  ],
  clusterRoles: [clusterRole('view-cm', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }])],
  roleBindings: [
    binding('w-alice', 'team', { kind: 'Role', name: 'rbac-writer' }, 'alice'),
    binding('w-bob', 'team', { kind: 'Role', name: 'rbac-writer' }, 'bob'),
    binding('e-bob', 'team', { kind: 'Role', name: 'escalator' }, 'bob'),
    binding('w-carol', 'team', { kind: 'Role', name: 'rbac-writer' }, 'carol'),
    binding('b-carol', 'team', { kind: 'Role', name: 'binder' }, 'carol'),
  ],
  clusterRoleBindings: [],
};
const authorizer = createAuthorizer({ mode: 'RBAC', source: () => snapshot });
const resolver = rbacRuleResolver(() => snapshot);
const user = (username: string, groups: string[] = ['system:authenticated']): UserInfo => ({
  username,
  groups,
});
const request = (who: UserInfo, resource: string, name: string) => ({
  authorizer,
  resolver,
  user: who,
  apiGroup: 'rbac.authorization.k8s.io',
  resource,
  namespace: 'team',
  name,
});
const wantsSecrets = role('grab', 'team', [
  { verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] },
]);

describe('confirmNoEscalation', () => {
  it('names the user, its groups and every missing right', async () => {
    expect(
      await confirmNoEscalation(resolver, user('alice'), 'team', [
        {
          verbs: ['get'],
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: [],
          nonResourceURLs: [],
        },
      ]),
    ).toBeUndefined();
    expect(
      await confirmNoEscalation(
        resolver,
        user('alice'),
        'team',
        [...(wantsSecrets.rules as PolicyRule[])].map((x) => r(x)),
      ),
    ).toBe(
      'user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
    );
  });
});

describe('checkRoleWrite', () => {
  it('refuses a role granting more than the requester holds, with upstream 403', async () => {
    const err = await checkRoleWrite(request(user('alice'), 'roles', 'grab'), wantsSecrets).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      details: { name: 'grab', group: 'rbac.authorization.k8s.io', kind: 'roles' },
    });
    expect((err as Error).message).toMatch(
      /^roles\.rbac\.authorization\.k8s\.io "grab" is forbidden: user "alice" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n/,
    );
  });

  it('lets a role within the requester rights, the escalate verb and system:masters through', async () => {
    const within = role('cm', 'team', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }]);
    await expect(checkRoleWrite(request(user('alice'), 'roles', 'cm'), within)).resolves.toBeUndefined();
    await expect(
      checkRoleWrite(request(user('bob'), 'roles', 'grab'), wantsSecrets),
    ).resolves.toBeUndefined();
    const root = user('root', ['system:masters', 'system:authenticated']);
    await expect(checkRoleWrite(request(root, 'roles', 'grab'), wantsSecrets)).resolves.toBeUndefined();
  });

  it('requires full authority for an aggregationRule', async () => {
    const aggregating: KubeObject = {
      ...clusterRole('agg', []),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] },
    };
    const err = await checkRoleWrite(
      { ...request(user('alice'), 'clusterroles', 'agg'), namespace: '' },
      aggregating,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 403 });
    expect((err as Error).message).toBe(
      'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
  });
});

describe('checkBindingWrite', () => {
  const toSecrets = binding('give', 'team', { kind: 'Role', name: 'secret-reader' }, 'mallory');
  it('refuses binding a role the requester does not hold', async () => {
    const err = await checkBindingWrite(request(user('alice'), 'rolebindings', 'give'), toSecrets).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 403, details: { kind: 'rolebindings', name: 'give' } });
    expect((err as Error).message).toContain('is attempting to grant RBAC permissions not currently held');
  });

  it('allows it with bind on that role, or when the requester holds the role', async () => {
    await expect(
      checkBindingWrite(request(user('carol'), 'rolebindings', 'give'), toSecrets),
    ).resolves.toBeUndefined();
    const toView = binding('v', 'team', { kind: 'ClusterRole', name: 'view-cm' }, 'mallory');
    await expect(
      checkBindingWrite(request(user('alice'), 'rolebindings', 'v'), toView),
    ).resolves.toBeUndefined();
  });

  it('answers 404 for a missing role without bind, as upstream', async () => {
    const missing = binding('m', 'team', { kind: 'ClusterRole', name: 'nope' }, 'mallory');
    await expect(
      checkBindingWrite(request(user('alice'), 'rolebindings', 'm'), missing),
    ).rejects.toMatchObject({
      code: 404,
      message: 'clusterrole.rbac.authorization.k8s.io "nope" not found',
    });
  });
});
