/**
 * An apiserver CA rotation seen by every consumer, over real TLS connections to a running API
 * server that reloads its files: during the overlap a client trusting only the old CA, one
 * trusting only the new CA, one still holding the credentials it loaded before the rotation (as
 * Pilot and the controller do until restarted) and every kubeconfig the initializer rewrote all
 * connect; after finishing, only the new CA verifies and only its client certificates get in.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCertificates } from '@hs/pki';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInit } from './init.js';
import { CONSUMERS, volumeLayout } from './layout.js';
import { runRenew } from './renew.js';
import {
  type Client,
  call,
  eventually,
  kubeconfigClient,
  type LiveApiserver,
  liveApiserver,
  read,
  servedFingerprint,
} from './test-helpers/live.js';

const quiet = () => undefined;
const KUBECTL = ['/usr/local/bin/kubectl', '/usr/bin/kubectl'].find((p) => existsSync(p));
if (!KUBECTL)
  console.warn('ca-rotation.test: no kubectl in /usr/local/bin or /usr/bin: the kubectl test is skipped');

/** The real kubectl (client-go's TLS verification) with a kubeconfig file, against `server`. */
function kubectl(kubeconfig: string, server: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL!,
      [
        '--kubeconfig',
        kubeconfig,
        '--server',
        server,
        '--cache-dir',
        join(root, '.kube-cache'),
        'get',
        '--raw',
        '/api',
      ],
      { timeout: 60_000 },
      (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}
const pem = (c: X509Certificate) => `${c.toString().trim()}\n`;
let root: string;
let live: LiveApiserver | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hs-ca-rotation-'));
  await runInit({ root, keyType: 'ecdsa', apiserverUrl: 'https://127.0.0.1:8443', log: quiet });
});
afterEach(async () => {
  await live?.stop();
  live = undefined;
  await rm(root, { recursive: true, force: true });
});

/** Every kubeconfig the initializer writes: one per consumer plus the admin one at kube/config. */
const kubeconfigs = (l: ReturnType<typeof volumeLayout>) => [
  ...CONSUMERS.map((c) => ({ name: c, path: l.kube.config(c) })),
  { name: 'kube/config', path: l.kube.adminConfig },
];

describe('apiserver CA rotation reaches every consumer', () => {
  it('old-CA-only, new-CA-only, pre-rotation and rewritten kubeconfig clients all connect during the overlap; after it only the new CA', async () => {
    const layout = volumeLayout(root);
    live = await liveApiserver(layout, 100);
    const url = `${live.server.url}/api`;
    const oldCa = await read(layout.api.caCert);
    // What long-running consumers hold in memory: the kubeconfigs as they were at their start.
    const before = await Promise.all(
      kubeconfigs(layout).map(async (k) => ({ ...k, client: await kubeconfigClient(k.path) })),
    );
    for (const k of before) expect(await call(url, k.client), k.name).toBe(200);

    await runRenew({ root, rotateCa: true, log: quiet });
    const bundle = parseCertificates(await read(layout.api.caCert));
    expect(bundle).toHaveLength(2);
    const newCa = pem(bundle[0]!);
    const leaf = parseCertificates(await read(layout.api.serverCert))[0]!;
    expect(
      await eventually(async () => (await servedFingerprint(live!.server.url)) === leaf.fingerprint256),
    ).toBe(true);
    const admin: Client = {
      ca: await read(layout.api.caCert),
      cert: await read(layout.kube.clientCert('admin')),
      key: await read(layout.kube.clientKey('admin')),
    };
    // The new client certificate is accepted once the bundle is reloaded.
    expect(await eventually(async () => (await call(url, admin)) === 200)).toBe(true);

    // Trust: old CA only (through the cross-signed CA in the served chain), new CA only, both.
    expect(await call(url, { ...admin, ca: oldCa })).toBe(200);
    expect(await call(url, { ...admin, ca: newCa })).toBe(200);
    expect(await call(url, admin)).toBe(200);
    // Credentials loaded before the rotation (old CA, old-CA client certificate) keep working…
    for (const k of before) expect(await call(url, k.client), `${k.name} (pre-rotation)`).toBe(200);
    // …and so does every rewritten kubeconfig, which trusts both CAs.
    for (const k of kubeconfigs(layout)) {
      const client = await kubeconfigClient(k.path);
      expect(parseCertificates(client.ca), k.name).toHaveLength(2);
      expect(new X509Certificate(client.cert!).checkIssued(bundle[0]!), k.name).toBe(true);
      expect(await call(url, client), `${k.name} (rewritten)`).toBe(200);
      expect(await call(url, { ...client, ca: oldCa }), `${k.name} (old CA only)`).toBe(200);
    }

    await runRenew({ root, finishCaRotation: true, log: quiet });
    // The serving certificate stays; the chain loses the cross certificate and the bundle the old CA.
    expect(parseCertificates(await read(layout.api.serverCert)).map((c) => c.fingerprint256)).toEqual([
      leaf.fingerprint256,
    ]);
    expect(
      await eventually(
        async () =>
          (await call(url, {
            ...admin,
            ca: newCa,
            cert: before[0]!.client.cert,
            key: before[0]!.client.key,
          })) === 401,
      ),
    ).toBe(true);
    // (The server may send the new CA with its chain: OpenSSL calls that a self-signed cert in chain.)
    expect(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']).toContain(
      await call(url, { ...admin, ca: oldCa }),
    );
    expect(await call(url, { ...admin, ca: newCa })).toBe(200);
    for (const k of kubeconfigs(layout)) {
      const client = await kubeconfigClient(k.path);
      expect(parseCertificates(client.ca), k.name).toHaveLength(1);
      expect(await call(url, client), `${k.name} (after)`).toBe(200);
    }
    // A consumer still running on its pre-rotation credentials is now refused: restart it
    // between the two steps (README, "Certificates, tokens and renewal").
    for (const k of before)
      expect(await call(url, k.client), `${k.name} (pre-rotation, after)`).not.toBe(200);
  });

  it.skipIf(!KUBECTL)(
    'kubectl with a kubeconfig from before the rotation keeps working during the overlap',
    async () => {
      const layout = volumeLayout(root);
      live = await liveApiserver(layout, 100);
      const server = live.server.url;
      const pre = join(root, 'pre-rotation.kubeconfig');
      await copyFile(layout.kube.adminConfig, pre);
      expect((await kubectl(pre, server)).code).toBe(0);
      await runRenew({ root, rotateCa: true, log: quiet });
      const leaf = parseCertificates(await read(layout.api.serverCert))[0]!;
      expect(await eventually(async () => (await servedFingerprint(server)) === leaf.fingerprint256)).toBe(
        true,
      );
      // Old CA only, old client certificate: client-go verifies the new leaf through the cross CA.
      const overlap = await kubectl(pre, server);
      expect(overlap.code, overlap.stderr).toBe(0);
      expect((await kubectl(layout.kube.adminConfig, server)).code).toBe(0);
      await runRenew({ root, finishCaRotation: true, log: quiet });
      expect(await eventually(async () => (await kubectl(pre, server)).code !== 0, 100, 100)).toBe(true);
      const after = await kubectl(layout.kube.adminConfig, server);
      expect(after.code, after.stderr).toBe(0);
    },
  );
});
