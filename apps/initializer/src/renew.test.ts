/** `renew` on real files: what it re-issues, what it keeps, and the two CA rotation steps. */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, parseCertificates, peekClaims } from '@hs/pki';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runInit } from './init.js';
import { credentialInventory, localVolumes } from './inventory.js';
import { volumeLayout } from './layout.js';
import { InitError } from './pki-state.js';
import { runRenew } from './renew.js';

const quiet = () => undefined;
let root: string;
let layout: ReturnType<typeof volumeLayout>;
const start = new Date('2027-01-01T00:00:00Z');
const later = (days: number) => new Date(start.getTime() + days * DAY_MS);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hs-renew-'));
  layout = volumeLayout(root);
  await runInit({
    root,
    keyType: 'ecdsa',
    apiserverUrl: 'https://127.0.0.1:18443',
    sans: ['api.example.test'],
    tokenIssuer: 'issuer-x',
    now: start,
    log: quiet,
  });
});
afterEach(() => rm(root, { recursive: true, force: true }));

const read = (p: string) => readFile(p, 'utf8');
const cert = async (p: string) => new X509Certificate(await read(p));
const kubeconfigCa = async (p: string) => {
  const k = parse(await read(p)) as { clusters: { cluster: Record<string, string> }[] };
  return Buffer.from(k.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString();
};

describe('renew', () => {
  it('renews nothing while everything is far from expiry, and says so', async () => {
    const lines: string[] = [];
    const result = await runRenew({ root, now: later(10), log: (l) => lines.push(l) });
    expect(result.renewed).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(lines.join('\n')).toMatch(/^nothing to renew: .*\(next: \S+, in 3\d\d day\(s\)\)$/m);
  });

  it('re-issues leaves and tokens inside the window with the same keys, names and server; keeps the CAs; then is idempotent', async () => {
    const caBefore = await read(layout.api.caCert);
    const keyBefore = await read(layout.api.serverKey);
    const servingBefore = await cert(layout.api.serverCert);
    const pilotRootBefore = await read(layout.pilot.rootCert);
    const now = later(340); // 25 days before the 365-day leaves expire
    const lines: string[] = [];
    const result = await runRenew({ root, now, log: (l) => lines.push(l) });
    const files = result.renewed.map((r) => r.file).sort();
    expect(files).toEqual(
      [
        'api/server.crt',
        'console/token',
        'gateway/certs/cert-chain.pem',
        'gateway/secrets/tokens/istio-token',
        'kube/admin/client.crt',
        'kube/console/client.crt',
        'kube/controller/client.crt',
        'kube/pilot/client.crt',
      ].sort(),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^renewed api\/server\.crt \(apiserver serving certificate\): notAfter 2028-01-01T\S+ -> 2028-12-\S+ \(in 365 day\(s\)\)$/,
      ),
    );
    // CAs and keys kept; names and SANs as before.
    expect(await read(layout.api.caCert)).toBe(caBefore);
    expect(await read(layout.pilot.rootCert)).toBe(pilotRootBefore);
    expect(await read(layout.api.serverKey)).toBe(keyBefore);
    const serving = await cert(layout.api.serverCert);
    expect(serving.fingerprint256).not.toBe(servingBefore.fingerprint256);
    expect(serving.subjectAltName).toBe(servingBefore.subjectAltName);
    expect(serving.subjectAltName).toContain('DNS:api.example.test');
    expect(serving.checkIssued(new X509Certificate(caBefore))).toBe(true);
    const admin = parse(await read(layout.kube.adminConfig)) as {
      clusters: { cluster: { server: string } }[];
    };
    expect(admin.clusters[0]!.cluster.server).toBe('https://127.0.0.1:18443');
    expect((await cert(layout.kube.clientCert('admin'))).subject).toBe('O=system:masters\nCN=higress-admin');
    const token = peekClaims(await read(layout.gateway.istioToken));
    expect(token).toMatchObject({
      iss: 'issuer-x',
      sub: 'system:serviceaccount:higress-system:higress-gateway',
    });
    expect((token.exp as number) * 1000).toBe(now.getTime() + 365 * DAY_MS);

    const again = await runRenew({ root, now, log: quiet });
    expect(again.renewed).toEqual([]);
    expect(again.changes).toEqual([]);
  });

  it('--before widens the window; --force re-issues every leaf and token but no CA', async () => {
    const wide = await runRenew({ root, now: later(10), beforeMs: 400 * DAY_MS, log: quiet });
    expect(wide.renewed).toHaveLength(8);
    const inventory = await credentialInventory(localVolumes(root), later(10));
    const cas = inventory.entries.filter((e) => e.ca).map((e) => e.identity);
    const forced = await runRenew({ root, now: later(11), force: true, log: quiet });
    expect(forced.renewed.map((r) => r.file)).not.toContain('api/ca.crt');
    expect(forced.renewed).toHaveLength(8);
    const after = await credentialInventory(localVolumes(root), later(11));
    expect(after.entries.filter((e) => e.ca).map((e) => e.identity)).toEqual(cas);
  });

  it('issues leaves with the lifetime asked for', async () => {
    const now = later(1);
    await runRenew({ root, now, force: true, validityMs: 5000, log: quiet });
    const serving = await cert(layout.api.serverCert);
    expect(new Date(serving.validTo).getTime() - now.getTime()).toBe(5000);
    expect((peekClaims(await read(layout.console.token)).exp as number) - now.getTime() / 1000).toBe(5);
  });

  it('rotates the apiserver CA in two steps: trust both, move every leaf and serve a cross-signed CA, then drop the old CA', async () => {
    const oldCa = await cert(layout.api.caCert);
    const lines: string[] = [];
    await runRenew({ root, now: later(1), rotateCa: true, log: (l) => lines.push(l) });
    const bundle = parseCertificates(await read(layout.api.caCert));
    expect(bundle).toHaveLength(2);
    const newCa = bundle[0]!;
    expect(newCa.fingerprint256).not.toBe(oldCa.fingerprint256);
    expect(bundle[1]!.fingerprint256).toBe(oldCa.fingerprint256);
    expect(lines.join('\n')).toContain('rotation started');
    for (const c of ['admin', 'controller', 'pilot', 'console'] as const) {
      expect((await cert(layout.kube.clientCert(c))).checkIssued(newCa), c).toBe(true);
      expect(parseCertificates(await kubeconfigCa(layout.kube.config(c)))).toHaveLength(2);
    }
    // The serving chain: a leaf of the new CA, then the new CA certified by the old one.
    const chain = parseCertificates(await read(layout.api.serverCert));
    expect(chain).toHaveLength(2);
    expect(chain[0]!.checkIssued(newCa) && chain[0]!.verify(newCa.publicKey)).toBe(true);
    expect(chain[1]!.subject).toBe(newCa.subject);
    expect(chain[1]!.subject).not.toBe(oldCa.subject);
    expect(chain[1]!.checkIssued(oldCa) && chain[1]!.verify(oldCa.publicKey)).toBe(true);
    const chainDuringOverlap = await read(layout.api.serverCert);
    const inventory = await credentialInventory(localVolumes(root), later(1));
    expect(inventory.entries.map((e) => e.name)).toContain(
      'apiserver CA (previous, still trusted: CA rotation in progress)',
    );

    // init and renew during the overlap keep both CAs trusted.
    await runInit({
      root,
      keyType: 'ecdsa',
      apiserverUrl: 'https://127.0.0.1:18443',
      sans: ['api.example.test'],
      tokenIssuer: 'issuer-x',
      now: later(2),
      log: quiet,
    });
    expect(parseCertificates(await read(layout.api.caCert))).toHaveLength(2);
    // The cross certificate is kept (the old CA's key is gone: it could not be made again).
    expect(parseCertificates(await read(layout.api.serverCert))[1]!.fingerprint256).toBe(
      chain[1]!.fingerprint256,
    );
    await runRenew({ root, now: later(2), force: true, log: quiet });
    expect(parseCertificates(await read(layout.api.serverCert))[1]!.fingerprint256).toBe(
      chain[1]!.fingerprint256,
    );
    expect(await read(layout.api.serverCert)).not.toBe(chainDuringOverlap);
    await expect(runRenew({ root, now: later(2), rotateCa: true, log: quiet })).rejects.toThrow(
      /rotation is already in progress .*--finish-ca-rotation/,
    );

    await runRenew({ root, now: later(3), finishCaRotation: true, log: quiet });
    const finished = parseCertificates(await read(layout.api.caCert));
    expect(finished.map((c) => c.fingerprint256)).toEqual([newCa.fingerprint256]);
    const served = parseCertificates(await read(layout.api.serverCert));
    expect(served).toHaveLength(1);
    expect(served[0]!.checkIssued(newCa)).toBe(true);
    expect(parseCertificates(await kubeconfigCa(layout.kube.adminConfig))).toHaveLength(1);
    await expect(runRenew({ root, now: later(3), finishCaRotation: true, log: quiet })).rejects.toThrow(
      /no rotation in progress/,
    );
  });

  it('refuses a directory without an installation, and both rotation steps at once', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hs-renew-empty-'));
    try {
      await expect(runRenew({ root: empty, log: quiet })).rejects.toThrow(InitError);
      await expect(runRenew({ root: empty, log: quiet })).rejects.toThrow(
        /no installation to renew .*run init first/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    await expect(runRenew({ root, rotateCa: true, finishCaRotation: true, log: quiet })).rejects.toThrow(
      /two steps/,
    );
  });
});
