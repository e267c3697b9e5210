import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type StartedServer, startServer } from '@hs/apiserver';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInit } from './init.js';
import { CONSUMERS, volumeLayout } from './layout.js';
import { runSeed } from './seed.js';
import { DEFAULT_MESH } from './seed-resources.js';

const run = promisify(execFile);
const quiet = () => undefined;
let root: string;
let server: StartedServer;
let L: ReturnType<typeof volumeLayout>;

/**
 * The apiserver of this repository, listening on 127.0.0.1:0 with the generated serving
 * certificate and the generated CA as client CA. The kubeconfigs are then re-rendered for the
 * real port (only they change: the serving certificate's SANs already cover 127.0.0.1).
 */
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'init-seed-'));
  L = volumeLayout(root);
  await runInit({ root, log: quiet });
  server = await startServer({
    storage: { type: 'memory' },
    port: 0,
    host: '127.0.0.1',
    tls: {
      cert: await readFile(L.api.serverCert),
      key: await readFile(L.api.serverKey),
      ca: await readFile(L.api.caCert),
    },
  });
  const again = await runInit({ root, log: quiet, apiserverUrl: server.url });
  expect(again.changes.map((c) => c.path).sort()).toEqual(
    [...CONSUMERS.map((c) => L.kube.config(c)), L.kube.adminConfig].sort(),
  );
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe('kubectl with the generated kubeconfigs', () => {
  it('talks to the apiserver with TLS verification on, for every consumer', async () => {
    for (const consumer of CONSUMERS) {
      const { stdout } = await run('kubectl', [
        '--kubeconfig',
        L.kube.config(consumer),
        'get',
        '--raw',
        '/version',
      ]);
      expect(JSON.parse(stdout).major, consumer).toBe('1');
    }
    const { stdout } = await run('kubectl', ['--kubeconfig', L.kube.adminConfig, 'get', '--raw', '/api']);
    expect(JSON.parse(stdout).kind).toBe('APIVersions');
  });

  it('verifies the serving certificate: a name outside its SANs fails (no insecure-skip-tls-verify)', async () => {
    const config = await readFile(L.kube.adminConfig, 'utf8');
    expect(config).not.toContain('insecure-skip-tls-verify');
    // verifying the server under a name the certificate does not carry fails
    await expect(
      run(
        'kubectl',
        [
          '--kubeconfig',
          L.kube.adminConfig,
          '--tls-server-name',
          'wrong.example',
          'get',
          '--raw',
          '/version',
        ],
        {
          timeout: 20_000,
        },
      ),
    ).rejects.toThrow(/x509: certificate is valid for .*not wrong\.example/);
  });
});

describe('seed', () => {
  it('creates the base resources once, then nothing, and renders the mesh files', async () => {
    const first = await runSeed({ root, log: quiet });
    expect(first.created).toEqual(
      expect.arrayContaining([
        'Namespace higress-system',
        'ConfigMap higress-system/higress-config',
        'McpBridge higress-system/default',
        'EnvoyFilter higress-system/higress-http-resolver-cluster',
        'EnvoyFilter higress-system/higress-gateway-global-custom-response',
        'IngressClass higress',
        'Service higress-system/higress-gateway',
        'Secret higress-system/higress-console',
        'ConfigMap higress-system/higress-console',
      ]),
    );
    expect(first.skipped).toEqual([]);
    expect(first.created).toEqual(
      expect.arrayContaining([
        'ClusterRole higress-pilot',
        'ClusterRoleBinding higress-pilot',
        'Role higress-system/higress-gateway',
      ]),
    );
    expect(await readFile(join(L.pilot.configDir, 'mesh'), 'utf8')).toBe(DEFAULT_MESH);
    expect(await readFile(join(L.pilot.configDir, 'meshNetworks'), 'utf8')).toBe('networks: {}');
    expect(await readFile(join(L.pilot.configDir, 'higress'), 'utf8')).toContain('mcpServer:');
    const meshMtime = (await stat(join(L.pilot.configDir, 'mesh'))).mtimeMs;

    const second = await runSeed({ root, kubeconfig: L.kube.config('admin'), log: quiet });
    expect(second.created).toEqual([]);
    expect(second.existing.length).toBe(first.created.length + first.existing.length);
    expect(second.rendered).toEqual([]);
    expect((await stat(join(L.pilot.configDir, 'mesh'))).mtimeMs).toBe(meshMtime);

    const { stdout } = await run('kubectl', [
      '--kubeconfig',
      L.kube.adminConfig,
      'get',
      'mcpbridges',
      '-n',
      'higress-system',
      '-o',
      'json',
    ]);
    const bridge = JSON.parse(stdout).items[0];
    expect(bridge.spec.registries[0]).toMatchObject({ domain: 'console.svc', type: 'dns', port: 8080 });
  });

  it('re-renders the mesh files under --watch when higress-config changes', async () => {
    const result = await runSeed({ root, watch: true, log: quiet });
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(L.kube.adminConfig);
      const core = kc.makeApiClient(CoreV1Api);
      const cm = await core.readNamespacedConfigMap({ name: 'higress-config', namespace: 'higress-system' });
      const mesh = `${cm.data!.mesh}\nenableTracing: true`;
      cm.data = { ...cm.data, mesh, meshNetworks: 'networks:\n  n1: {}' };
      await core.replaceNamespacedConfigMap({
        name: 'higress-config',
        namespace: 'higress-system',
        body: cm,
      });
      const path = join(L.pilot.configDir, 'mesh');
      for (let i = 0; i < 200 && (await readFile(path, 'utf8')) !== mesh; i++) await sleep(50);
      expect(await readFile(path, 'utf8')).toBe(mesh);
      for (
        let i = 0;
        i < 100 && (await readFile(join(L.pilot.configDir, 'meshNetworks'), 'utf8')) === 'networks: {}';
        i++
      ) {
        await sleep(50);
      }
      expect(await readFile(join(L.pilot.configDir, 'meshNetworks'), 'utf8')).toBe('networks:\n  n1: {}');
    } finally {
      await result.stop?.();
    }
  });
});

describe('seed: bad input', () => {
  it('reports an unreachable apiserver and a missing kubeconfig clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'init-seed-bad-'));
    try {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as AddressInfo;
      await new Promise((resolve) => probe.close(resolve));
      await runInit({ root: dir, keyType: 'ecdsa', apiserverUrl: `https://127.0.0.1:${port}`, log: quiet });
      await expect(runSeed({ root: dir, log: quiet })).rejects.toThrow(
        /reading Namespace higress-system failed: .*ECONNREFUSED/,
      );
      await expect(runSeed({ root: dir, kubeconfig: join(dir, 'nope'), log: quiet })).rejects.toThrow(
        /cannot load kubeconfig .*nope/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
