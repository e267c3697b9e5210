/**
 * `kubectl replace` of objects that do not exist yet. kubectl GETs the object first (for its
 * resourceVersion), and on a failed GET sends the PUT anyway (kubectl resource.Helper.Replace): a
 * Lease or Role is then created as upstream does, a ConfigMap is NotFound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { listening } from '../testing/harness.js';
import { type Kubectl, kubectlFor } from '../testing/kubectl.js';

const LEASE = [
  'apiVersion: coordination.k8s.io/v1',
  'kind: Lease',
  'metadata:',
  '  name: leader',
  'spec:',
  '  holderIdentity: me',
  '',
].join('\n');

const ROLE = [
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: Role',
  'metadata:',
  '  name: reader',
  'rules:',
  '- apiGroups: [""]',
  '  resources: [configmaps]',
  '  verbs: [get]',
  '',
].join('\n');

const CONFIG_MAP = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: missing',
  'data:',
  '  k: v',
  '',
].join('\n');

describe('kubectl replace of a missing object', () => {
  let server: StartedServer;
  let k: Kubectl;
  beforeAll(async () => {
    server = await listening();
    k = await kubectlFor(server.url);
  });
  afterAll(async () => {
    await k.cleanup();
    await server.close();
  });

  it('creates a Lease and a Role, as kube-apiserver does', async () => {
    const lease = await k.run(['replace', '-f', await k.file('lease.yaml', LEASE)]);
    expect(lease.code, lease.stderr).toBe(0);
    expect(lease.stdout.trim()).toBe('lease.coordination.k8s.io/leader replaced');
    const got = await k.run(['get', 'lease', 'leader', '-o', 'jsonpath={.spec.holderIdentity}']);
    expect(got.stdout).toBe('me');
    const role = await k.run(['replace', '-f', await k.file('role.yaml', ROLE)]);
    expect(role.code, role.stderr).toBe(0);
    expect(role.stdout.trim()).toBe('role.rbac.authorization.k8s.io/reader replaced');
  });

  it('fails with NotFound for a ConfigMap and creates nothing', async () => {
    const res = await k.run(['replace', '-f', await k.file('cm.yaml', CONFIG_MAP)]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Error from server (NotFound)');
    expect(res.stderr).toContain('configmaps "missing" not found');
    const got = await k.run(['get', 'cm', 'missing']);
    expect(got.code).toBe(1);
  });
});
