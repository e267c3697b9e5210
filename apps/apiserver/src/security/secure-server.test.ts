/**
 * The secure server end to end on a real HTTPS port: the system kubectl with a client-certificate
 * and a token kubeconfig (server certificate verified), 401 without credentials, RBAC from stored
 * Roles and bindings (403 with upstream's message), `kubectl auth can-i` (also --list) and
 * `whoami`, TokenReview of JWTs, and the audit log.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwksJson, publicJwk, signToken } from '@hs/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { listening } from '../testing/harness.js';
import { type Credentials, httpsJson } from '../testing/https-client.js';
import { type Kubectl, kubectlFor } from '../testing/kubectl.js';
import { testPki } from '../testing/test-pki.js';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'higress';
const pki = testPki();
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const admin = pki.client('admin', ['system:masters']);
const adminCreds: Credentials = { ca: pki.ca.certPem, cert: admin.certPem, key: admin.keyPem };

const rbacYaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: cm-reader, namespace: team-a}
rules:
- {apiGroups: [""], resources: [configmaps], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer-reads, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-reader}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: viewer}
`;
const cmYaml = (ns: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: ${ns}}\ndata: {k: v}\n`;

let dir: string;
let server: StartedServer;
let asAdmin: Kubectl;
let asViewer: Kubectl;
let kid: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-secure-'));
  const jwk = await publicJwk(signingKey);
  kid = jwk.kid;
  await writeFile(join(dir, 'jwks.json'), jwksJson({ keys: [jwk] }));
  await writeFile(join(dir, 'tokens.csv'), 'viewer-token,viewer,uid-viewer\n');
  server = await listening('memory', {
    tls: { cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.ca.certPem },
    security: {
      authentication: {
        clientCertificates: true,
        tokenFile: join(dir, 'tokens.csv'),
        jwt: { jwks: join(dir, 'jwks.json'), issuers: [ISSUER], audiences: [AUDIENCE] },
        anonymous: { enabled: true },
      },
      audit: { path: join(dir, 'audit.log') },
    },
  });
  asAdmin = await kubectlFor(server.url, { caPem: pki.ca.certPem, user: admin, namespace: 'team-a' });
  asViewer = await kubectlFor(server.url, {
    caPem: pki.ca.certPem,
    user: { token: 'viewer-token' },
    namespace: 'team-a',
  });
  for (const manifest of [rbacYaml, cmYaml('team-a'), cmYaml('team-b')]) {
    const res = await asAdmin.run(['create', '-f', '-'], { stdin: manifest });
    expect(res.stderr).toBe('');
  }
}, 60_000);

afterAll(async () => {
  await asAdmin?.cleanup();
  await asViewer?.cleanup();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('authentication', () => {
  it('maps a client certificate to its CN and O (kubectl auth whoami)', async () => {
    const res = await asAdmin.run(['auth', 'whoami', '-o', 'json']);
    expect(res.code).toBe(0);
    const info = JSON.parse(res.stdout) as { status: { userInfo: { username: string; groups: string[] } } };
    expect(info.status.userInfo.username).toBe('admin');
    expect(info.status.userInfo.groups).toEqual(['system:masters', 'system:authenticated']);
  });

  it('answers 401 without valid credentials, and kubectl says to log in', async () => {
    const k = await kubectlFor(server.url, { caPem: pki.ca.certPem, user: { token: 'unknown' } });
    try {
      const res = await k.run(['get', 'configmaps']);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('You must be logged in to the server');
    } finally {
      await k.cleanup();
    }
    const anonymous = { ca: pki.ca.certPem };
    const noCredentials = await httpsJson(`${server.url}/api/v1/namespaces/team-a/configmaps`, anonymous);
    expect(noCredentials.status).toBe(401);
    const stranger = pki.client('stranger', ['system:masters']);
    const foreignCa = testPki().client('admin', ['system:masters']);
    const untrusted = await httpsJson(`${server.url}/api/v1/namespaces`, {
      ...anonymous,
      cert: foreignCa.certPem,
      key: foreignCa.keyPem,
    });
    expect(untrusted.status).toBe(401);
    const trusted = await httpsJson(`${server.url}/api/v1/namespaces`, {
      ...anonymous,
      cert: stranger.certPem,
      key: stranger.keyPem,
    });
    expect(trusted.status).toBe(200);
    expect((await httpsJson(`${server.url}/readyz`, anonymous)).status).toBe(200);
    const version = await httpsJson(`${server.url}/version`, anonymous);
    expect(version.status).toBe(401);
    expect(version.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const badToken = await httpsJson(`${server.url}/readyz`, { ...anonymous, token: 'nope' });
    expect(badToken.status).toBe(401);
  });

  it('TokenReview accepts a JWT signed by the configured key and rejects altered ones', async () => {
    const good = { issuer: ISSUER, audiences: [AUDIENCE], subject: 'robot', lifetimeSeconds: 600 };
    const review = async (token: string) => {
      const res = await httpsJson(`${server.url}/apis/authentication.k8s.io/v1/tokenreviews`, adminCreds, {
        method: 'POST',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
      });
      expect(res.status).toBe(201);
      return res.json().status as { authenticated?: boolean; user?: { username: string }; error?: string };
    };
    const token = await signToken(signingKey, kid, good);
    expect(await review(token)).toMatchObject({ authenticated: true, user: { username: 'robot' } });
    const [head, body, sig] = token.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body ?? '', 'base64url').toString()), sub: 'root' })).toString('base64url')}.${sig}`;
    const expired = await signToken(signingKey, kid, { ...good, now: new Date(Date.now() - 3_600_000) });
    const wrongIssuer = await signToken(signingKey, kid, { ...good, issuer: 'https://other.test' });
    const wrongAudience = await signToken(signingKey, kid, { ...good, audiences: ['someone-else'] });
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrongKey = await signToken(otherKey, kid, good);
    for (const bad of [tampered, expired, wrongIssuer, wrongAudience, wrongKey]) {
      const status = await review(bad);
      expect(status.authenticated ?? false).toBe(false);
      expect(status.user?.username).toBeUndefined();
    }
    // The JWT also authenticates requests.
    const whoami = await httpsJson(
      `${server.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`,
      { ca: pki.ca.certPem, token },
      { method: 'POST', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
    );
    expect(whoami.json()).toMatchObject({ status: { userInfo: { username: 'robot' } } });
  });
});

describe('RBAC authorization', () => {
  it('lets a Role binding read ConfigMaps in its namespace only, never write', async () => {
    const own = await asViewer.run(['get', 'configmaps', '-o', 'name']);
    expect(own.stdout.trim()).toBe('configmap/settings');
    const other = await asViewer.run(['get', 'configmaps', '-n', 'team-b']);
    expect(other.stderr).toContain(
      'configmaps is forbidden: User "viewer" cannot list resource "configmaps" in API group "" in the namespace "team-b"',
    );
    const write = await asViewer.run(['delete', 'configmap', 'settings']);
    expect(write.stderr).toContain(
      'configmaps "settings" is forbidden: User "viewer" cannot delete resource "configmaps" in API group "" in the namespace "team-a"',
    );
    const direct = await httpsJson(`${server.url}/api/v1/namespaces/team-a/secrets`, {
      ca: pki.ca.certPem,
      token: 'viewer-token',
    });
    expect(direct.status).toBe(403);
    expect(direct.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
  });

  it('kubectl auth can-i agrees with the evaluator (SubjectAccessReview)', async () => {
    const cases: Array<[string, string, string]> = [
      ['list', 'configmaps', 'team-a'],
      ['create', 'configmaps', 'team-a'],
      ['list', 'configmaps', 'team-b'],
      ['get', 'secrets', 'team-a'],
    ];
    for (const [verb, resource, namespace] of cases) {
      const canI = await asViewer.run(['auth', 'can-i', verb, resource, '-n', namespace]);
      const sar = await httpsJson(
        `${server.url}/apis/authorization.k8s.io/v1/subjectaccessreviews`,
        adminCreds,
        {
          method: 'POST',
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SubjectAccessReview',
            spec: {
              user: 'viewer',
              groups: ['system:authenticated'],
              resourceAttributes: { verb, resource, namespace },
            },
          },
        },
      );
      const allowed = (sar.json().status as { allowed: boolean }).allowed;
      expect(canI.stdout.trim()).toBe(allowed ? 'yes' : 'no');
      expect(allowed).toBe(verb === 'list' && namespace === 'team-a');
    }
    const list = await asViewer.run(['auth', 'can-i', '--list', '-n', 'team-a']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/configmaps\s+\[\]\s+\[\]\s+\[get list watch\]/);
  });

  it('writes an audit event per request with user, verb, object and decision', async () => {
    await asViewer.run(['get', 'configmaps', '-n', 'team-b']);
    await server.close(); // flushes the audit log
    const events = (await readFile(join(dir, 'audit.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toContainEqual(
      expect.objectContaining({
        verb: 'list',
        user: expect.objectContaining({ username: 'viewer' }),
        objectRef: expect.objectContaining({ resource: 'configmaps', namespace: 'team-b' }),
        responseStatus: expect.objectContaining({ code: 403 }),
        annotations: expect.objectContaining({ 'authorization.k8s.io/decision': 'forbid' }),
      }),
    );
  });
});
