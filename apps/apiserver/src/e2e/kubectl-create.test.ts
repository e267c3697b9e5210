/**
 * `kubectl create <generator>`: the system kubectl POSTs these objects as
 * application/vnd.kubernetes.protobuf; each is read back with `kubectl get -o json` to check that
 * the decoded object went through the ordinary create path (defaults included). Also: server-side
 * dry run, and 415 for protobuf bodies of kinds without a descriptor and for truncated bodies.
 */
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { listening } from '../testing/harness.js';
import { type Kubectl, kubectlFor } from '../testing/kubectl.js';
import { testPki } from '../testing/test-pki.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const fromB64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

// A hand-built protobuf body: k8s\0 + runtime.Unknown {typeMeta=1 {apiVersion=1, kind=2}, raw=2}.
const field = (n: number, bytes: Uint8Array) =>
  Buffer.concat([Buffer.from([n * 8 + 2, bytes.length]), bytes]);
const text = (n: number, s: string) => field(n, Buffer.from(s));
const envelope = (apiVersion: string, kind: string, raw: Uint8Array) =>
  Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    field(1, Buffer.concat([text(1, apiVersion), text(2, kind)])),
    field(2, raw),
  ]);

describe('kubectl create generators (protobuf bodies)', () => {
  let server: StartedServer;
  let k: Kubectl;

  beforeAll(async () => {
    server = await listening('memory');
    k = await kubectlFor(server.url, { namespace: 'gen' });
    const ns = await k.run(['create', 'namespace', 'gen']);
    expect(ns.code, ns.stderr).toBe(0);
  });
  afterAll(async () => {
    await k.cleanup();
    await server.close();
  });

  async function create(...args: string[]): Promise<string> {
    const res = await k.run(['create', ...args]);
    expect(res.code, res.stderr).toBe(0);
    return res.stdout.trim();
  }
  /** The object as JSON (untyped, as JSON.parse gives it, to keep the assertions short). */
  async function get(...args: string[]) {
    const res = await k.run(['get', ...args, '-o', 'json']);
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout);
  }

  it('namespace and serviceaccount', async () => {
    expect((await get('namespace', 'gen')).metadata.name).toBe('gen');
    expect(await create('serviceaccount', 'robot')).toBe('serviceaccount/robot created');
    const sa = await get('serviceaccount', 'robot');
    expect(sa.metadata).toMatchObject({ name: 'robot', namespace: 'gen' });
  });

  it('configmap from literals and files, sent as protobuf', async () => {
    const greeting = await k.file('greeting.txt', 'hello\nworld\n');
    const binary = await k.file('blob.bin', '');
    await writeFile(binary, Buffer.from([0xff, 0x00, 0x01]));
    const res = await k.run([
      'create',
      'configmap',
      'settings',
      '--from-literal=k=v',
      '--from-literal=empty=',
      `--from-file=${greeting}`,
      `--from-file=${binary}`,
      '-v=8',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(`Content-Type: ${PROTOBUF}`);
    const cm = await get('configmap', 'settings');
    expect(cm.data).toEqual({ k: 'v', empty: '', 'greeting.txt': 'hello\nworld\n' });
    expect(cm.binaryData).toEqual({ 'blob.bin': Buffer.from([0xff, 0x00, 0x01]).toString('base64') });
    expect(cm.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('secrets: generic, tls and docker-registry', async () => {
    await create(
      'secret',
      'generic',
      'creds',
      '--from-literal=password=hunter2',
      '--from-literal=user=admin',
    );
    const generic = await get('secret', 'creds');
    expect(generic.type).toBe('Opaque');
    expect(fromB64(generic.data.password)).toBe('hunter2');
    expect(fromB64(generic.data.user)).toBe('admin');

    const { serving } = testPki();
    const cert = await k.file('tls.crt', serving.certPem);
    const key = await k.file('tls.key', serving.keyPem);
    await create('secret', 'tls', 'web-tls', `--cert=${cert}`, `--key=${key}`);
    const tls = await get('secret', 'web-tls');
    expect(tls.type).toBe('kubernetes.io/tls');
    expect(fromB64(tls.data['tls.crt'])).toBe(serving.certPem);
    expect(fromB64(tls.data['tls.key'])).toBe(serving.keyPem);

    await create(
      'secret',
      'docker-registry',
      'pull',
      '--docker-server=registry.example.com',
      '--docker-username=bob',
      '--docker-password=s3cret',
    );
    const pull = await get('secret', 'pull');
    expect(pull.type).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(fromB64(pull.data['.dockerconfigjson']));
    expect(config.auths['registry.example.com']).toMatchObject({ username: 'bob', password: 's3cret' });
  });

  it('services: clusterip, nodeport, loadbalancer and externalname', async () => {
    await create('service', 'clusterip', 'api', '--tcp=80:8080');
    const api = await get('service', 'api');
    expect(api.spec).toMatchObject({
      type: 'ClusterIP',
      selector: { app: 'api' },
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
    });
    await create('service', 'clusterip', 'headless', '--clusterip=None');
    expect((await get('service', 'headless')).spec.clusterIP).toBe('None');
    await create('service', 'nodeport', 'np', '--tcp=8080', '--node-port=30080');
    expect((await get('service', 'np')).spec).toMatchObject({
      type: 'NodePort',
      ports: [{ port: 8080, targetPort: 8080, nodePort: 30080 }],
    });
    await create('service', 'loadbalancer', 'lb', '--tcp=443:https');
    expect((await get('service', 'lb')).spec).toMatchObject({
      type: 'LoadBalancer',
      ports: [{ port: 443, targetPort: 'https' }],
    });
    await create('service', 'externalname', 'ext', '--external-name=example.com');
    expect((await get('service', 'ext')).spec).toMatchObject({
      type: 'ExternalName',
      externalName: 'example.com',
    });
  });

  it('roles, cluster roles and their bindings', async () => {
    await create(
      'role',
      'reader',
      '--verb=get,list',
      '--resource=pods,configmaps',
      '--resource-name=settings',
    );
    expect((await get('role', 'reader')).rules).toEqual([
      {
        apiGroups: [''],
        resources: ['pods', 'configmaps'],
        resourceNames: ['settings'],
        verbs: ['get', 'list'],
      },
    ]);
    await create('clusterrole', 'logs', '--verb=get', '--non-resource-url=/logs/*');
    expect((await get('clusterrole', 'logs')).rules).toEqual([
      { nonResourceURLs: ['/logs/*'], verbs: ['get'] },
    ]);
    await create('clusterrole', 'monitoring', '--aggregation-rule=example.com/aggregate-to-monitoring=true');
    expect((await get('clusterrole', 'monitoring')).aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }],
    });

    await create('rolebinding', 'read', '--role=reader', '--user=alice', '--serviceaccount=gen:robot');
    const rb = await get('rolebinding', 'read');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' });
    expect(rb.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'gen' },
    ]);
    await create('clusterrolebinding', 'logs', '--clusterrole=logs', '--group=ops');
    const crb = await get('clusterrolebinding', 'logs');
    expect(crb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'logs' });
    expect(crb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ops' }]);
  });

  it('ingress with class, rules, tls and default backend', async () => {
    await create(
      'ingress',
      'web',
      '--class=higress',
      '--rule=foo.com/api*=api:80,tls=foo-tls',
      '--rule=/exact=np:http',
      '--default-backend=lb:8443',
    );
    const ing = await get('ingress', 'web');
    expect(ing.spec).toEqual({
      ingressClassName: 'higress',
      defaultBackend: { service: { name: 'lb', port: { number: 8443 } } },
      tls: [{ hosts: ['foo.com'], secretName: 'foo-tls' }],
      rules: [
        {
          host: 'foo.com',
          http: {
            paths: [
              {
                path: '/api',
                pathType: 'Prefix',
                backend: { service: { name: 'api', port: { number: 80 } } },
              },
            ],
          },
        },
        {
          http: {
            paths: [
              {
                path: '/exact',
                pathType: 'Exact',
                backend: { service: { name: 'np', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    });
  });

  it('--dry-run=server answers with the object and stores nothing', async () => {
    const res = await k.run([
      'create',
      'configmap',
      'dry',
      '--from-literal=a=b',
      '--dry-run=server',
      '-o',
      'yaml',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('kind: ConfigMap');
    expect(res.stdout).toMatch(/^data:\n {2}a: b$/m);
    expect(res.stdout).toMatch(/^ {2}name: dry$/m);
    const missing = await k.run(['get', 'configmap', 'dry']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('configmaps "dry" not found');
  });

  async function post(path: string, body: Uint8Array) {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': PROTOBUF, accept: 'application/json' },
      body,
    });
    return { status: res.status, body: JSON.parse(await res.text()) };
  }

  it('a protobuf body of a kind without a descriptor gets 415 and stores nothing', async () => {
    const pod = envelope('v1', 'Pod', field(1, text(1, 'p1')));
    const res = await post('/api/v1/namespaces/gen/pods', pod);
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
    expect(res.body.message).toContain('Pod (v1) is not accepted as application/vnd.kubernetes.protobuf');
    expect(res.body.message).toContain('application/json or application/yaml');
    expect((await get('pods')).items).toEqual([]);
  });

  it('a truncated protobuf body gets 415 without echoing it, and stores nothing', async () => {
    const raw = Buffer.concat([
      field(1, text(1, 'cut')),
      field(4, Buffer.concat([text(1, 'pw'), text(2, 'topsecret')])),
    ]);
    const whole = envelope('v1', 'Secret', raw);
    const res = await post('/api/v1/namespaces/gen/secrets', whole.subarray(0, whole.length - 4));
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });
    expect(res.body.message).not.toContain('topsecret');
    const missing = await k.run(['get', 'secret', 'cut']);
    expect(missing.code).toBe(1);
  });
});
