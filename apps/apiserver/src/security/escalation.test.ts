/**
 * RBAC escalation prevention through the API (inject, token authentication, RBAC from the store):
 * a user allowed to write roles and bindings cannot grant or bind more than it holds — by POST,
 * PUT (also create-on-update), merge patch or server-side apply — unless it has `escalate` or
 * `bind`; refusals are 403 Status objects with upstream's message and nothing is stored.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../testing/harness.js';

const RBAC = 'rbac.authorization.k8s.io';
const API = `/apis/${RBAC}/v1`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let dir: string;
let h: Harness;

const role = (name: string, rules: object[]) => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'Role',
  metadata: { name, namespace: 'team' },
  rules,
});
const binding = (name: string, roleKind: string, roleName: string, user: string) => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name, namespace: 'team' },
  roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName },
  subjects: [{ apiGroup: RBAC, kind: 'User', name: user }],
});
const writerRules = [
  { apiGroups: [RBAC], resources: ['roles', 'rolebindings'], verbs: ['get', 'create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
];
const secretsRule = { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] };

async function send(
  token: string,
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload: object,
  type?: string,
) {
  return h.app.inject({
    method,
    url,
    headers: { ...bearer(token), 'content-type': type ?? 'application/json' },
    payload: JSON.stringify(payload),
  });
}
const getRole = (name: string) =>
  h.app.inject({ method: 'GET', url: `${API}/namespaces/team/roles/${name}`, headers: bearer('admin') });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-escalation-'));
  await writeFile(
    join(dir, 'tokens.csv'),
    'admin,root,0,system:masters\nalice,alice,1\nbob,bob,2\ncarol,carol,3\n',
  );
  h = await harness('memory', { security: { authentication: { tokenFile: join(dir, 'tokens.csv') } } });
  const seed = [
    role('writer', writerRules),
    role('secret-reader', [secretsRule]),
    role('escalator', [{ apiGroups: [RBAC], resources: ['roles'], verbs: ['escalate'] }]),
    role('binder', [
      { apiGroups: [RBAC], resources: ['roles'], verbs: ['bind'], resourceNames: ['secret-reader'] },
    ]),
    binding('alice-writes', 'Role', 'writer', 'alice'),
    binding('bob-writes', 'Role', 'writer', 'bob'),
    binding('bob-escalates', 'Role', 'escalator', 'bob'),
    binding('carol-writes', 'Role', 'writer', 'carol'),
    binding('carol-binds', 'Role', 'binder', 'carol'),
  ];
  for (const obj of seed) {
    const plural = obj.kind === 'Role' ? 'roles' : 'rolebindings';
    const res = await send('admin', 'POST', `${API}/namespaces/team/${plural}`, obj);
    expect(res.statusCode).toBe(201);
  }
  const clusterWriter = await send('admin', 'POST', `${API}/clusterroles`, {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'clusterrole-writer' },
    rules: [{ apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['create'] }],
  });
  expect(clusterWriter.statusCode).toBe(201);
  const clusterBinding = await send('admin', 'POST', `${API}/clusterrolebindings`, {
    ...binding('alice-writes-clusterroles', 'ClusterRole', 'clusterrole-writer', 'alice'),
    kind: 'ClusterRoleBinding',
    metadata: { name: 'alice-writes-clusterroles' },
  });
  expect(clusterBinding.statusCode).toBe(201);
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe('role writes', () => {
  it('refuses creating a role with rights the requester lacks, and stores nothing', async () => {
    const res = await send('alice', 'POST', `${API}/namespaces/team/roles`, role('grab', [secretsRule]));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      details: { name: 'grab', group: RBAC, kind: 'roles' },
      message: `roles.${RBAC} "grab" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}`,
    });
    expect((await getRole('grab')).statusCode).toBe(404);
  });

  it('allows a role within the requester rights', async () => {
    const ok = await send('alice', 'POST', `${API}/namespaces/team/roles`, role('cm-get', [writerRules[1]!]));
    expect(ok.statusCode).toBe(201);
  });

  it('checks updates by PUT, create-on-update, merge patch and apply alike', async () => {
    const url = `${API}/namespaces/team/roles/cm-get`;
    const current = (await getRole('cm-get')).json() as { metadata: { resourceVersion: string } };
    const put = await send('alice', 'PUT', url, {
      ...role('cm-get', [secretsRule]),
      metadata: current.metadata,
    });
    expect(put.statusCode).toBe(403);
    const createOnPut = await send(
      'alice',
      'PUT',
      `${API}/namespaces/team/roles/fresh`,
      role('fresh', [secretsRule]),
    );
    expect(createOnPut.statusCode).toBe(403);
    expect((await getRole('fresh')).statusCode).toBe(404);
    const merge = await send('alice', 'PATCH', url, { rules: [secretsRule] }, 'application/merge-patch+json');
    expect(merge.statusCode).toBe(403);
    const apply = await send(
      'alice',
      'PATCH',
      `${url}?fieldManager=test&force=true`,
      role('cm-get', [secretsRule]),
      'application/apply-patch+yaml',
    );
    expect(apply.statusCode).toBe(403);
    const stored = (await getRole('cm-get')).json() as {
      rules: unknown[];
      metadata: { resourceVersion: string };
    };
    expect(stored.rules).toEqual([writerRules[1]]);
    expect(stored.metadata.resourceVersion).toBe(current.metadata.resourceVersion);
    // A change that keeps the rules within the requester's rights passes.
    const label = await send(
      'alice',
      'PATCH',
      url,
      { metadata: { labels: { a: 'b' } } },
      'application/merge-patch+json',
    );
    expect(label.statusCode).toBe(200);
  });

  it('lets a requester with escalate, and system:masters, grant anything', async () => {
    const bob = await send('bob', 'POST', `${API}/namespaces/team/roles`, role('bob-grab', [secretsRule]));
    expect(bob.statusCode).toBe(201);
    const root = await send(
      'admin',
      'POST',
      `${API}/namespaces/team/roles`,
      role('root-grab', [secretsRule]),
    );
    expect(root.statusCode).toBe(201);
  });

  it('applies to ClusterRoles at the cluster scope', async () => {
    const res = await send('alice', 'POST', `${API}/clusterroles`, {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'alice-cluster' },
      // alice holds configmaps only in namespace team, not cluster-wide
      rules: [writerRules[1]],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(
      /^clusterroles\.rbac\.authorization\.k8s\.io "alice-cluster" is forbidden: /,
    );
  });
});

describe('binding writes', () => {
  const url = `${API}/namespaces/team/rolebindings`;

  it('refuses binding a role whose rights the requester lacks', async () => {
    const res = await send('alice', 'POST', url, binding('give', 'Role', 'secret-reader', 'mallory'));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      reason: 'Forbidden',
      details: { kind: 'rolebindings', name: 'give' },
    });
    expect(res.json().message).toContain('is attempting to grant RBAC permissions not currently held');
    const stored = await h.app.inject({ method: 'GET', url: `${url}/give`, headers: bearer('admin') });
    expect(stored.statusCode).toBe(404);
  });

  it('allows it with bind on that role, or when the requester holds the role', async () => {
    const carol = await send('carol', 'POST', url, binding('give', 'Role', 'secret-reader', 'mallory'));
    expect(carol.statusCode).toBe(201);
    const alice = await send('alice', 'POST', url, binding('share', 'Role', 'writer', 'mallory'));
    expect(alice.statusCode).toBe(201);
  });

  it('refuses repointing an existing binding to a role the requester lacks', async () => {
    const res = await send(
      'alice',
      'PATCH',
      `${url}/share`,
      { roleRef: { apiGroup: RBAC, kind: 'Role', name: 'secret-reader' } },
      'application/merge-patch+json',
    );
    expect(res.statusCode).toBe(403);
    const stored = await h.app.inject({ method: 'GET', url: `${url}/share`, headers: bearer('admin') });
    expect(stored.json()).toMatchObject({ roleRef: { name: 'writer' } });
  });

  it('answers 404 for a binding to a missing role without bind', async () => {
    const res = await send('alice', 'POST', url, binding('ghost', 'ClusterRole', 'no-such-role', 'mallory'));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });
});
