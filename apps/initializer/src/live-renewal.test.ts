/**
 * `renew` against a running API server that reloads its files (as the binary and `pnpm dev` do):
 * no restart, clients see the new certificates (the CA rotation is in ca-rotation.test.ts).
 * Fingerprints are read from real TLS connections on 127.0.0.1.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readTlsFiles,
  type StartedServer,
  startServer,
  type TlsReloader,
  watchTlsFiles,
} from '@hs/apiserver';
import { startFileServer } from '@hs/fileserver';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInit } from './init.js';
import { type VolumeLayout, volumeLayout } from './layout.js';
import { runRenew } from './renew.js';
import { type Client, call, eventually, servedFingerprint } from './test-helpers/live.js';

const quiet = () => undefined;
let root: string;
let layout: VolumeLayout;
let server: StartedServer | undefined;
let reloader: TlsReloader | undefined;

const read = (p: string) => readFile(p, 'utf8');
const fingerprintOf = async (p: string) => new X509Certificate(await read(p)).fingerprint256;
const adminOf = async (l: VolumeLayout): Promise<Client> => ({
  ca: await read(l.api.caCert),
  cert: await read(l.kube.clientCert('admin')),
  key: await read(l.kube.clientKey('admin')),
});

async function startApiserver(intervalMs: number) {
  const files = {
    certFile: layout.api.serverCert,
    keyFile: layout.api.serverKey,
    clientCaFile: layout.api.caCert,
  };
  const initial = await readTlsFiles(files);
  const s = await startServer({
    storage: { type: 'memory' },
    port: 0,
    tls: initial,
    security: { authentication: { clientCertificates: true }, authorizationMode: 'AlwaysAllow' },
  });
  server = s;
  reloader = watchTlsFiles(files, (m) => s.reloadTls(m), { initial, intervalMs, debounceMs: 20 });
  return s;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hs-live-renew-'));
  layout = volumeLayout(root);
  await runInit({ root, keyType: 'ecdsa', apiserverUrl: 'https://127.0.0.1:8443', log: quiet });
});
afterEach(async () => {
  reloader?.stop();
  await server?.close();
  server = undefined;
  await rm(root, { recursive: true, force: true });
});

describe('renewal on a running API server', () => {
  it('renew --force: new connections get the new serving certificate, old and new client certificates work, tokens still verify via the file server', async () => {
    const s = await startApiserver(3_600_000); // only the file watch can pick the change up
    const before = await adminOf(layout);
    const fileserver = await startFileServer({ root: layout.fileserver.root, port: 0, host: '127.0.0.1' });
    try {
      expect(await call(`${s.url}/api`, before)).toBe(200);
      const lines: string[] = [];
      // Tokens carry times in whole seconds: one re-issued in the second init issued it is the
      // same token, which renew rightly leaves unwritten; step into the next second first.
      await new Promise((r) => setTimeout(r, 1_100));
      await runRenew({ root, force: true, log: (l) => lines.push(l) });
      expect(
        lines.filter((l) => l.startsWith('renewed ')),
        lines.join('\n'),
      ).toHaveLength(8);
      const served = await fingerprintOf(layout.api.serverCert);
      expect(await eventually(async () => (await servedFingerprint(s.url)) === served)).toBe(true);
      const after = await adminOf(layout);
      expect(after.cert).not.toBe(before.cert);
      expect(await call(`${s.url}/api`, after)).toBe(200);
      expect(await call(`${s.url}/api`, before)).toBe(200); // same CA: the old certificate stays valid
      const jwks = createRemoteJWKSet(new URL(`${fileserver.url}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(await read(layout.gateway.istioToken), jwks, {
        issuer: 'higress',
        audience: 'istio-ca',
      });
      expect(payload.sub).toBe('system:serviceaccount:higress-system:higress-gateway');
    } finally {
      await fileserver.close();
    }
  });
});
