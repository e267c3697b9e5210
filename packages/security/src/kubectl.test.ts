/**
 * End to end with the real `kubectl`: a minimal HTTPS server wired the way the API server will use
 * this package (TLS client certificates via Node's socket, createAuthentication, requestAttributes,
 * createAuthorizer with RBAC, authorizeRequest, access reviews) answers kubectl, which must see
 * the same users, 401s, 403 messages and can-i answers as against a real cluster.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { isStatusError, notFound, type StatusError } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Authentication, createAuthentication } from './authn/authentication.js';
import { peerCertificateFromTls } from './authn/client-cert.js';
import { selfSubjectReview } from './authn/self-subject-review.js';
import { selfSubjectAccessReview } from './authz/access-review.js';
import { createAuthorizer } from './authz/authorizers.js';
import { authorizeRequest } from './authz/forbidden.js';
import type { RbacSnapshot } from './authz/rbac.js';
import { requestAttributes } from './authz/request-attributes.js';
import { selfSubjectRulesReview } from './authz/rules-review.js';
import type { Authorizer } from './authz/types.js';
import { decodeReviewProtobuf, PROTOBUF_MEDIA_TYPE } from './review-protobuf.js';
import { createCa, createLeaf } from './test-helpers/certs.js';

const rbac: RbacSnapshot = {
  roles: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { namespace: 'team-a', name: 'cm-reader' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    },
  ],
  clusterRoles: [],
  roleBindings: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { namespace: 'team-a', name: 'viewer-cm' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'viewer' }],
    },
  ],
  clusterRoleBindings: [],
};

const coreResources = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'v1',
  resources: [
    {
      name: 'configmaps',
      singularName: 'configmap',
      namespaced: true,
      kind: 'ConfigMap',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['cm'],
    },
  ],
};

/** kubectl sends review bodies as protobuf; other clients send JSON. */
async function readJson(req: IncomingMessage): Promise<KubeObject> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  if (req.headers['content-type']?.startsWith(PROTOBUF_MEDIA_TYPE)) return decodeReviewProtobuf(body);
  return JSON.parse(body.toString('utf8')) as KubeObject;
}

function serve(
  authn: Authentication,
  authz: Authorizer,
  tls: { cert: string; key: string; ca: string },
): Server {
  return createServer({ ...tls, requestCert: true, rejectUnauthorized: false }, async (req, res) => {
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const url = req.url ?? '/';
      const path = url.split('?')[0]!;
      const socket = req.socket as TLSSocket;
      const peer = peerCertificateFromTls(
        socket.getPeerCertificate(true),
        socket.authorized,
        socket.authorizationError,
      );
      const user = await authn.authenticate({ headers: req.headers, peerCertificate: peer }, path);
      const attrs = requestAttributes(req.method ?? 'GET', url, undefined, user);
      await authorizeRequest(authz, attrs);
      if (path === '/version')
        return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' });
      if (path === '/api')
        return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
      if (path === '/apis') return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
      if (path === '/api/v1') return send(200, coreResources);
      if (attrs.resource === 'selfsubjectreviews')
        return send(201, selfSubjectReview(user, await readJson(req)));
      if (attrs.resource === 'selfsubjectaccessreviews') {
        return send(201, await selfSubjectAccessReview(authz, await readJson(req), user));
      }
      if (attrs.resource === 'selfsubjectrulesreviews') {
        return send(201, await selfSubjectRulesReview(authz, await readJson(req), user));
      }
      if (attrs.resource === 'configmaps' && attrs.verb === 'list') {
        return send(200, {
          kind: 'ConfigMapList',
          apiVersion: 'v1',
          metadata: { resourceVersion: '1' },
          items: [],
        });
      }
      throw notFound({ group: attrs.apiGroup, resource: attrs.resource || 'path' }, attrs.name || path);
    } catch (err) {
      if (isStatusError(err)) {
        const e = err as StatusError;
        res.writeHead(e.code, { 'content-type': 'application/json', ...(e.headers ?? {}) });
        res.end(JSON.stringify(e.toStatus()));
      } else {
        send(500, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500, message: String(err) });
      }
    }
  });
}

let dir: string;
let server: Server;
let kubeconfig: (user: Record<string, string>) => Promise<string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-kubectl-'));
  const ca = createCa('apiserver-ca');
  const serving = createLeaf(ca, { cn: 'higress-api-server', serverAuth: true, ip: '127.0.0.1' });
  const alice = createLeaf(ca, { cn: 'alice', orgs: ['devs'], clientAuth: true });
  const admin = createLeaf(ca, { cn: 'higress', orgs: ['system:masters'], clientAuth: true });
  const files: Record<string, string> = {
    'ca.crt': ca.certPem,
    'alice.crt': alice.certPem,
    'alice.key': alice.keyPem,
    'admin.crt': admin.certPem,
    'admin.key': admin.keyPem,
    'tokens.csv': 'viewer-token,viewer,uid-viewer\n',
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);

  const authn = await createAuthentication({
    clientCertificates: true,
    tokenFile: join(dir, 'tokens.csv'),
    anonymous: { enabled: true },
  });
  const authz = createAuthorizer({ mode: 'RBAC', source: () => rbac });
  server = serve(authn, authz, { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  let n = 0;
  kubeconfig = async (user) => {
    const file = join(dir, `kubeconfig-${n++}`);
    const userLines = Object.entries(user).map(([k, v]) => `    ${k}: ${v}`);
    await writeFile(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: c',
        '  cluster:',
        `    server: https://127.0.0.1:${port}`,
        `    certificate-authority: ${join(dir, 'ca.crt')}`,
        'users:',
        '- name: u',
        '  user:',
        ...userLines,
        'contexts:',
        '- name: x',
        '  context: {cluster: c, user: u, namespace: team-a}',
        'current-context: x',
        '',
      ].join('\n'),
    );
    return file;
  };
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function kubectl(config: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', config, ...args],
      { env: { ...process.env, HOME: dir }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const viewer = () => kubeconfig({ token: 'viewer-token' });
const aliceCert = () =>
  kubeconfig({ 'client-certificate': join(dir, 'alice.crt'), 'client-key': join(dir, 'alice.key') });

describe('kubectl against a server wired with @hs/security', () => {
  it('kubectl auth whoami shows the client-certificate user and groups', async () => {
    const res = await kubectl(await aliceCert(), ['auth', 'whoami', '-o', 'json']);
    expect(res.stderr).toBe('');
    const review = JSON.parse(res.stdout) as { status: { userInfo: unknown } };
    expect(review.status.userInfo).toEqual({ username: 'alice', groups: ['devs', 'system:authenticated'] });
  });

  it('a token user bound to a read-only Role lists ConfigMaps in its namespace', async () => {
    const res = await kubectl(await viewer(), ['get', '--raw', '/api/v1/namespaces/team-a/configmaps']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ kind: 'ConfigMapList' });
  });

  it('and is refused elsewhere with the upstream Forbidden message', async () => {
    const res = await kubectl(await viewer(), ['get', '--raw', '/api/v1/namespaces/team-b/configmaps']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(
      'Error from server (Forbidden): configmaps is forbidden: User "viewer" cannot list resource "configmaps" in API group "" in the namespace "team-b"',
    );
  });

  it('kubectl auth can-i answers from the same RBAC evaluator', async () => {
    const config = await viewer();
    const yes = await kubectl(config, ['auth', 'can-i', 'list', 'configmaps']);
    expect(yes.stdout.trim()).toBe('yes');
    const no = await kubectl(config, ['auth', 'can-i', 'create', 'configmaps']);
    expect(no.stdout.trim()).toBe('no');
    const admin = await kubeconfig({
      'client-certificate': join(dir, 'admin.crt'),
      'client-key': join(dir, 'admin.key'),
    });
    expect((await kubectl(admin, ['auth', 'can-i', 'delete', 'configmaps', '-A'])).stdout.trim()).toBe('yes');
  });

  it('kubectl auth can-i --list shows the rules of the user in the namespace', async () => {
    const res = await kubectl(await viewer(), ['auth', 'can-i', '--list']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/configmaps\s+\[\]\s+\[\]\s+\[get list watch\]/);
    expect(res.stdout).toMatch(/selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
  });

  it('an unknown token gets 401, which kubectl reports as not logged in', async () => {
    const res = await kubectl(await kubeconfig({ token: 'wrong' }), [
      'get',
      '--raw',
      '/api/v1/namespaces/team-a/configmaps',
    ]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('You must be logged in to the server');
  });
});
