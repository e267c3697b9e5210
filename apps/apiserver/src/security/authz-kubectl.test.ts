/**
 * Impersonation and RBAC escalation prevention end to end on a real HTTPS port with the system
 * kubectl: `--as`/`--as-group`/`--as-uid` are honoured only with the impersonate verb (403 with
 * upstream's message otherwise, 400 for a group without a user), the impersonated user's own
 * rights apply, the audit log records both users, and `kubectl create role` cannot grant more
 * than the caller holds.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { listening } from '../testing/harness.js';
import { httpsJson } from '../testing/https-client.js';
import { type Kubectl, kubectlFor } from '../testing/kubectl.js';
import { testPki } from '../testing/test-pki.js';

const pki = testPki();
const admin = pki.client('admin', ['system:masters']);

const policy = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonate-bob}
rules:
- {apiGroups: [""], resources: [users], verbs: [impersonate], resourceNames: [bob]}
- {apiGroups: [""], resources: [groups], verbs: [impersonate], resourceNames: [devs]}
- {apiGroups: [authentication.k8s.io], resources: [uids], verbs: [impersonate], resourceNames: [uid-bob]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: impersonator-bob}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-bob}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: impersonator}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: cm-reader, namespace: team-a}
rules:
- {apiGroups: [""], resources: [configmaps], verbs: [get, list]}
- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bob-reads, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: bob}]
`;

let dir: string;
let server: StartedServer;
let asAdmin: Kubectl;
let asImpersonator: Kubectl;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-authz-kubectl-'));
  await writeFile(
    join(dir, 'tokens.csv'),
    'imp-token,impersonator,1\nplain-token,plain,2\nbob-token,bob,3\n',
  );
  server = await listening('memory', {
    tls: { cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.ca.certPem },
    security: {
      authentication: { clientCertificates: true, tokenFile: join(dir, 'tokens.csv') },
      audit: { path: join(dir, 'audit.log') },
    },
  });
  const ca = pki.ca.certPem;
  asAdmin = await kubectlFor(server.url, { caPem: ca, user: admin, namespace: 'team-a' });
  asImpersonator = await kubectlFor(server.url, {
    caPem: ca,
    user: { token: 'imp-token' },
    namespace: 'team-a',
  });
  const created = await asAdmin.run(['create', '-f', '-'], { stdin: policy });
  expect(created.stderr).toBe('');
  const cm = await asAdmin.run(['create', 'configmap', 'settings', '--from-literal=k=v']);
  expect(cm.code).toBe(0);
}, 60_000);

afterAll(async () => {
  for (const k of [asAdmin, asImpersonator]) await k?.cleanup();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('impersonation', () => {
  it('acts as the user, groups and uid it may impersonate, with system:authenticated added', async () => {
    const res = await asImpersonator.run([
      'auth',
      'whoami',
      '-o',
      'json',
      '--as',
      'bob',
      '--as-group',
      'devs',
      '--as-uid',
      'uid-bob',
    ]);
    expect(res.stderr).toBe('');
    const info = JSON.parse(res.stdout) as { status: { userInfo: Record<string, unknown> } };
    expect(info.status.userInfo).toEqual({
      username: 'bob',
      uid: 'uid-bob',
      groups: ['devs', 'system:authenticated'],
    });
  });

  it('applies the impersonated user rights, not the requester ones', async () => {
    const own = await asImpersonator.run(['get', 'configmaps']);
    expect(own.code).not.toBe(0);
    expect(own.stderr).toContain('User "impersonator" cannot list resource "configmaps"');
    const asBob = await asImpersonator.run(['get', 'configmaps', '-o', 'name', '--as', 'bob']);
    expect(asBob.stderr).toBe('');
    expect(asBob.stdout.trim()).toBe('configmap/settings');
  });

  it('refuses a user, a group or a requester not allowed, never ignoring the headers', async () => {
    const carol = await asImpersonator.run(['get', 'configmaps', '--as', 'carol']);
    expect(carol.code).not.toBe(0);
    expect(carol.stderr).toContain(
      'users "carol" is forbidden: User "impersonator" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const masters = await asImpersonator.run([
      'get',
      'configmaps',
      '--as',
      'bob',
      '--as-group',
      'system:masters',
    ]);
    expect(masters.code).not.toBe(0);
    expect(masters.stderr).toContain('groups "system:masters" is forbidden');
    // Raw HTTP: kubectl would stop at its discovery request, whose 403 it prints as "unknown"
    // (as against a real kube-apiserver).
    const plain = await httpsJson(
      `${server.url}/api/v1/namespaces/team-a/configmaps`,
      { ca: pki.ca.certPem, token: 'plain-token' },
      { headers: { 'Impersonate-User': 'bob' } },
    );
    expect(plain.status).toBe(403);
    expect(plain.json()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message:
        'users "bob" is forbidden: User "plain" cannot impersonate resource "users" in API group "" at the cluster scope',
    });
  });

  it('answers 400 for a group without a user', async () => {
    const res = await httpsJson(
      `${server.url}/api/v1/namespaces/team-a/configmaps`,
      { ca: pki.ca.certPem, cert: admin.certPem, key: admin.keyPem },
      { headers: { 'Impersonate-Group': 'devs' } },
    );
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });

  it('records the requester and the impersonated user in the audit log', async () => {
    const lines = (await readFile(join(dir, 'audit.log'), 'utf8')).trim().split('\n');
    const events = lines.map((l) => JSON.parse(l) as Record<string, { username?: string } | undefined>);
    const acted = events.find(
      (e) => e.impersonatedUser?.username === 'bob' && e.user?.username === 'impersonator',
    );
    expect(acted).toBeDefined();
  });
});

describe('escalation through kubectl', () => {
  it('refuses kubectl create role beyond the caller rights, and allows one within them', async () => {
    const asBob = await kubectlFor(server.url, {
      caPem: pki.ca.certPem,
      user: { token: 'bob-token' },
      namespace: 'team-a',
    });
    try {
      const grab = await asBob.run(['create', 'role', 'grab', '--verb=get', '--resource=secrets']);
      expect(grab.code).not.toBe(0);
      expect(grab.stderr).toContain(
        'roles.rbac.authorization.k8s.io "grab" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:',
      );
      expect(grab.stderr).toContain('{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}');
      const ok = await asBob.run(['create', 'role', 'cm', '--verb=get', '--resource=configmaps']);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
    } finally {
      await asBob.cleanup();
    }
  });
});
