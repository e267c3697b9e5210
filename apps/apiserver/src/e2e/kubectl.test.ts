/**
 * The kubectl scenario suite: the system `kubectl` (the v1.32 dispatcher picks its binary from our
 * /version) against an in-process server on memory and on file storage, as a user would run it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { listening, type StorageKind } from '../testing/harness.js';
import { type Kubectl, kubectlFor } from '../testing/kubectl.js';

const CM = (name: string, data: Record<string, string>, labels: Record<string, string> = { app: 'demo' }) =>
  [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    ...Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`),
    'data:',
    ...Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`),
    '',
  ].join('\n');

const MCP = (port: number) =>
  [
    'apiVersion: networking.higress.io/v1',
    'kind: McpBridge',
    'metadata:',
    '  name: default',
    'spec:',
    '  registries:',
    '  - name: nacos',
    '    type: nacos2',
    '    domain: 127.0.0.1',
    `    port: ${port}`,
    '',
  ].join('\n');

describe.each<StorageKind>(['memory', 'file'])('kubectl against %s storage', (kind) => {
  let server: StartedServer;
  let k: Kubectl;
  beforeAll(async () => {
    server = await listening(kind);
    k = await kubectlFor(server.url);
  });
  afterAll(async () => {
    await k.cleanup();
    await server.close();
  });

  it('version and api-resources', async () => {
    const version = await k.run(['version', '-o', 'json']);
    expect(version.code, version.stderr).toBe(0);
    expect(JSON.parse(version.stdout).serverVersion).toMatchObject({ major: '1', minor: '32' });
    const resources = await k.run(['api-resources']);
    expect(resources.code, resources.stderr).toBe(0);
    expect(resources.stdout).toMatch(/configmaps\s+cm\s+v1\s+true\s+ConfigMap/);
    expect(resources.stdout).toMatch(/mcpbridges\s+.*networking\.higress\.io\/v1\s+true\s+McpBridge/);
  });

  it('create -f, and AlreadyExists on the second create', async () => {
    const file = await k.file('cm-a.yaml', CM('cm-a', { k: 'v' }));
    const created = await k.run(['create', '-f', file]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe('configmap/cm-a created');
    const again = await k.run(['create', '-f', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (AlreadyExists): error when creating');
    expect(again.stderr).toContain('configmaps "cm-a" already exists');
  });

  it('get in table, yaml, json and wide forms, with selectors and -A', async () => {
    await k.run([
      'create',
      '-f',
      await k.file('cm-b.yaml', CM('cm-b', { a: '1', b: '2' }, { app: 'other' })),
    ]);
    const table = await k.run(['get', 'cm']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+DATA\s+AGE/);
    expect(table.stdout).toMatch(/cm-b\s+2\s+\d+s/);
    const yaml = await k.run(['get', 'cm', 'cm-a', '-o', 'yaml']);
    expect(yaml.stdout).toContain('kind: ConfigMap');
    expect(yaml.stdout).toContain('resourceVersion:');
    const list = JSON.parse((await k.run(['get', 'configmaps', '-o', 'json'])).stdout) as {
      items: unknown[];
    };
    expect(list.items).toHaveLength(2);
    const labelled = await k.run(['get', 'cm', '-l', 'app=demo', '-o', 'name']);
    expect(labelled.stdout.trim()).toBe('configmap/cm-a');
    const fielded = await k.run(['get', 'cm', '--field-selector', 'metadata.name=cm-b', '-o', 'name']);
    expect(fielded.stdout.trim()).toBe('configmap/cm-b');
    const all = await k.run(['get', 'cm', '-A', '--show-labels']);
    expect(all.stdout).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE\s+LABELS/);
    expect(all.stdout).toMatch(/x\s+cm-a\s+1\s+\S+\s+app=demo/);
    const wide = await k.run(['get', 'cm', '-o', 'wide']);
    expect(wide.code).toBe(0);
    const missing = await k.run(['get', 'cm', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found');
    const empty = await k.run(['get', 'cm', '-n', 'empty']);
    expect(empty.stderr).toContain('No resources found in empty namespace.');
  });

  it('apply (client-side) creates, reports unchanged, then configures', async () => {
    const file = await k.file('app.yaml', CM('app-config', { key1: 'value1', key2: 'value2' }));
    const first = await k.run(['apply', '-f', file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('configmap/app-config created');
    const second = await k.run(['apply', '-f', file]);
    expect(second.stdout.trim()).toBe('configmap/app-config unchanged');
    await k.file('app.yaml', CM('app-config', { key2: 'changed', key3: 'new' }));
    const third = await k.run(['apply', '-f', file]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout.trim()).toBe('configmap/app-config configured');
    const data = JSON.parse((await k.run(['get', 'cm', 'app-config', '-o', 'jsonpath={.data}'])).stdout);
    expect(data).toEqual({ key2: 'changed', key3: 'new' });
  });

  it('apply a custom resource, then patch it with merge (strategic is refused as upstream)', async () => {
    const file = await k.file('mcp.yaml', MCP(8848));
    const applied = await k.run(['apply', '-f', file]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout.trim()).toBe('mcpbridge.networking.higress.io/default created');
    await k.file('mcp.yaml', MCP(8852));
    const reapplied = await k.run(['apply', '-f', file]);
    expect(reapplied.code, reapplied.stderr).toBe(0);
    expect(reapplied.stdout.trim()).toBe('mcpbridge.networking.higress.io/default configured');
    const smp = await k.run(['patch', 'mcpbridge', 'default', '-p', '{"spec":{}}']);
    expect(smp.code).toBe(1);
    expect(smp.stderr).toContain('application/strategic-merge-patch+json is not supported');
    const merge = await k.run([
      'patch',
      'mcpbridge',
      'default',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"p":"1"}}}',
    ]);
    expect(merge.code, merge.stderr).toBe(0);
    const got = await k.run([
      'get',
      'mcpbridges',
      'default',
      '-o',
      'jsonpath={.spec.registries[0].port} {.metadata.labels.p}',
    ]);
    expect(got.stdout).toBe('8852 1');
  });

  it('apply --server-side', async () => {
    const file = await k.file('ssa.yaml', CM('ssa', { a: '1' }));
    const res = await k.run(['apply', '--server-side', '-f', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim()).toBe('configmap/ssa serverside-applied');
    const yaml = await k.run(['get', 'cm', 'ssa', '-o', 'yaml', '--show-managed-fields']);
    expect(yaml.stdout).toContain('manager: kubectl');
  });

  it('replace, and patch with merge, json and strategic patches', async () => {
    const replaced = await k.run([
      'replace',
      '-f',
      await k.file('cm-a2.yaml', CM('cm-a', { k: 'replaced' })),
    ]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout.trim()).toBe('configmap/cm-a replaced');
    const merge = await k.run(['patch', 'cm', 'cm-a', '--type=merge', '-p', '{"data":{"m":"1"}}']);
    expect(merge.stdout.trim()).toBe('configmap/cm-a patched');
    const jsonPatch = await k.run([
      'patch',
      'cm',
      'cm-a',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/data/j","value":"2"}]',
    ]);
    expect(jsonPatch.stdout.trim()).toBe('configmap/cm-a patched');
    const smp = await k.run(['patch', 'cm', 'cm-a', '-p', '{"data":{"s":"3"}}']);
    expect(smp.stdout.trim()).toBe('configmap/cm-a patched');
    const noop = await k.run(['patch', 'cm', 'cm-a', '-p', '{"data":{"s":"3"}}']);
    expect(noop.stdout.trim()).toBe('configmap/cm-a patched (no change)');
    const data = JSON.parse((await k.run(['get', 'cm', 'cm-a', '-o', 'jsonpath={.data}'])).stdout);
    expect(data).toEqual({ k: 'replaced', m: '1', j: '2', s: '3' });
  });

  it('diff reports differences without changing anything', async () => {
    const same = await k.run([
      'diff',
      '-f',
      await k.file('app-same.yaml', CM('app-config', { key2: 'changed', key3: 'new' })),
    ]);
    expect(same.code, same.stderr).toBe(0);
    const changed = await k.run([
      'diff',
      '-f',
      await k.file('app-diff.yaml', CM('app-config', { key2: 'other' })),
    ]);
    expect(changed.code, changed.stderr).toBe(1);
    expect(changed.stdout).toContain('+  key2: other');
    const data = JSON.parse((await k.run(['get', 'cm', 'app-config', '-o', 'jsonpath={.data}'])).stdout);
    expect(data.key2).toBe('changed');
  });

  it('explain walks the OpenAPI v3 schemas', async () => {
    const res = await k.run(['explain', 'configmap.data']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('KIND:       ConfigMap');
    expect(res.stdout).toContain('FIELD: data');
    const cr = await k.run(['explain', 'mcpbridges.spec']);
    expect(cr.code, cr.stderr).toBe(0);
    expect(cr.stdout).toContain('registries');
  });

  it('describe shows the object and an empty event list', async () => {
    const res = await k.run(['describe', 'cm', 'cm-a']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Name:\s+cm-a/);
    expect(res.stdout).toContain('Events:  <none>');
  });

  it('get -w prints the list and then live changes', async () => {
    const watch = k.spawn(['get', 'cm', '-w']);
    try {
      await watch.waitFor((out) => out.includes('cm-b'));
      await k.run(['create', '-f', await k.file('cm-w.yaml', CM('cm-watched', { w: '1' }))]);
      const out = await watch.waitFor((o) => o.includes('cm-watched'));
      expect(out).toMatch(/cm-watched\s+1\s+\d+s/);
    } finally {
      watch.kill();
    }
  });

  it('wait --for a jsonpath condition', async () => {
    const waiting = k.run(['wait', '--for=jsonpath={.data.ready}=yes', 'cm/cm-b', '--timeout=25s']);
    await k.run(['patch', 'cm', 'cm-b', '--type=merge', '-p', '{"data":{"ready":"yes"}}']);
    const res = await waiting;
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim()).toBe('configmap/cm-b condition met');
  });

  it('delete one, by label and --all', async () => {
    const one = await k.run(['delete', 'cm', 'cm-a']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout.trim()).toBe('configmap "cm-a" deleted');
    const missing = await k.run(['delete', 'cm', 'cm-a']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "cm-a" not found');
    const byLabel = await k.run(['delete', 'cm', '-l', 'app=other']);
    expect(byLabel.stdout.trim()).toBe('configmap "cm-b" deleted');
    const all = await k.run(['delete', 'cm', '--all']);
    expect(all.code, all.stderr).toBe(0);
    const left = await k.run(['get', 'cm', '-o', 'name']);
    expect(left.stdout.trim()).toBe('');
  });
});

describe('kubectl over HTTPS', () => {
  it('verifies the serving certificate and works, watch included', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { issueCertificate } = await import('@hs/pki');
    const { startServer } = await import('../start-server.js');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const cert = issueCertificate({
      subject: { CN: 'higress-api-server' },
      subjectKey: privateKey,
      validityDays: 1,
      keyUsage: ['digitalSignature', 'keyEncipherment', 'keyCertSign'],
      extendedKeyUsage: ['serverAuth'],
      ca: {},
      ipAddresses: ['127.0.0.1'],
    });
    const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const server = await startServer({ storage: { type: 'memory' }, port: 0, tls: { cert, key } });
    const k = await kubectlFor(server.url, { caPem: cert });
    try {
      const ns = await k.run(['create', 'namespace', 'x']);
      expect(ns.code, ns.stderr).toBe(0);
      const created = await k.run(['create', '-f', await k.file('tls.yaml', CM('over-tls', { k: 'v' }))]);
      expect(created.code, created.stderr).toBe(0);
      const watch = k.spawn(['get', 'cm', '-w']);
      try {
        await watch.waitFor((out) => out.includes('over-tls'));
        await k.run(['create', '-f', await k.file('tls2.yaml', CM('after-watch', { k: 'v' }))]);
        expect(await watch.waitFor((out) => out.includes('after-watch'))).toMatch(/after-watch\s+1/);
      } finally {
        watch.kill();
      }
    } finally {
      await k.cleanup();
      await server.close();
    }
  });
});
