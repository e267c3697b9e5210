import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GATEWAY_SPIFFE_ID } from './identities.js';
import { runInit } from './init.js';
import { volumeLayout } from './layout.js';

const run = promisify(execFile);
const quiet = () => undefined;
/** ECDSA keys generate in microseconds; these tests are about state handling, not key types. */
const FAST = { keyType: 'ecdsa' } as const;
const dirs: string[] = [];

async function tempRoot(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'init-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const st = await stat(path);
      const meta = `${st.mode.toString(8)}:${st.uid}:${st.mtimeMs}`;
      if (entry.isDirectory()) {
        out.set(relative(root, path) + '/', meta);
        await walk(path);
      } else out.set(relative(root, path), `${meta}:${(await readFile(path)).toString('base64')}`);
    }
  };
  await walk(root);
  return out;
}

async function openssl(...args: string[]): Promise<string> {
  const { stdout } = await run('openssl', args);
  return stdout;
}

describe('init: the generated PKI', () => {
  let root: string;
  let L: ReturnType<typeof volumeLayout>;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'init-pki-'));
    await runInit({ root, log: quiet, apiserverUrl: 'https://127.0.0.1:8443', sans: ['api.example.test'] });
    L = volumeLayout(root);
    return () => rm(root, { recursive: true, force: true });
  });

  it('issues an apiserver serving certificate with the SANs and usages asked for, verified by openssl', async () => {
    expect(
      await openssl('verify', '-CAfile', L.api.caCert, '-purpose', 'sslserver', L.api.serverCert),
    ).toContain(': OK');
    const text = await openssl('x509', '-in', L.api.serverCert, '-noout', '-text');
    expect(text).toContain(
      'DNS:apiserver, DNS:apiserver.svc, DNS:localhost, DNS:api.example.test, IP Address:127.0.0.1',
    );
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(text).toMatch(/TLS Web Server Authentication/);
    const ca = await openssl('x509', '-in', L.api.caCert, '-noout', '-text');
    expect(ca).toMatch(/CA:TRUE/);
    expect(await openssl('x509', '-in', L.api.serverCert, '-noout', '-pubkey')).toBe(
      await openssl('pkey', '-in', L.api.serverKey, '-pubout'),
    );
  });

  it('issues one client certificate per consumer (CN = user, O = groups) and a kubeconfig embedding it', async () => {
    for (const consumer of ['controller', 'pilot', 'console', 'admin'] as const) {
      const cert = L.kube.clientCert(consumer);
      expect(await openssl('verify', '-CAfile', L.api.caCert, '-purpose', 'sslclient', cert)).toContain(
        ': OK',
      );
      expect(await openssl('x509', '-in', cert, '-noout', '-pubkey')).toBe(
        await openssl('pkey', '-in', L.kube.clientKey(consumer), '-pubout'),
      );
      const kc = parse(await readFile(L.kube.config(consumer), 'utf8'));
      const cluster = kc.clusters[0].cluster;
      expect(cluster.server).toBe('https://127.0.0.1:8443');
      expect(cluster['insecure-skip-tls-verify']).toBeUndefined();
      expect(Buffer.from(cluster['certificate-authority-data'], 'base64').toString()).toBe(
        await readFile(L.api.caCert, 'utf8'),
      );
      const user = kc.users[0].user;
      expect(Buffer.from(user['client-certificate-data'], 'base64').toString()).toBe(
        await readFile(cert, 'utf8'),
      );
    }
    const subject = await openssl('x509', '-in', L.kube.clientCert('admin'), '-noout', '-subject');
    expect(subject).toMatch(/O ?= ?system:masters, CN ?= ?higress-admin/);
    const pilot = await openssl('x509', '-in', L.kube.clientCert('pilot'), '-noout', '-subject');
    expect(pilot).toContain('CN = system:serviceaccount:higress-system:higress-pilot');
    expect(await readFile(L.kube.adminConfig, 'utf8')).toBe(await readFile(L.kube.config('admin'), 'utf8'));
  });

  it("builds Pilot's plugged-in CA and the gateway identity as chains openssl accepts", async () => {
    const { rootCert, caCert, caKey, certChain } = L.pilot;
    expect(await openssl('verify', '-CAfile', rootCert, caCert)).toContain(': OK');
    const inter = await openssl('x509', '-in', caCert, '-noout', '-text');
    expect(inter).toMatch(/CA:TRUE/);
    expect(inter).toMatch(/Certificate Sign/);
    expect(await openssl('x509', '-in', caCert, '-noout', '-pubkey')).toBe(
      await openssl('pkey', '-in', caKey, '-pubout'),
    );
    // cert-chain.pem = intermediate + root
    const chain = (await readFile(certChain, 'utf8')).match(/-----BEGIN CERTIFICATE-----/g);
    expect(chain).toHaveLength(2);
    const gatewayChain = await readFile(L.gateway.certChain, 'utf8');
    const leafFile = join(root, 'leaf.pem');
    await writeFile(leafFile, gatewayChain.split(/(?<=-----END CERTIFICATE-----\n)/)[0]!);
    expect(
      await openssl('verify', '-CAfile', L.gateway.rootCert, '-untrusted', L.pilot.caCert, leafFile),
    ).toContain(': OK');
    const leaf = await openssl('x509', '-in', leafFile, '-noout', '-text');
    expect(leaf).toContain(`URI:${GATEWAY_SPIFFE_ID}`);
    expect(leaf).toMatch(/Digital Signature, Key Encipherment/);
    expect(await openssl('x509', '-in', leafFile, '-noout', '-pubkey')).toBe(
      await openssl('pkey', '-in', L.gateway.key, '-pubout'),
    );
    expect(await readFile(L.gateway.rootCert, 'utf8')).toBe(await readFile(rootCert, 'utf8'));
  });

  it('writes private keys 0600, gateway files owned by uid 1337 when root, and the pod labels', async () => {
    for (const key of [
      L.api.serverKey,
      L.pki.apiserverCaKey,
      L.pilot.caKey,
      L.gateway.key,
      L.pki.tokenSigningKey,
    ]) {
      expect((await stat(key)).mode & 0o777).toBe(0o600);
    }
    const owner = process.getuid?.() === 0 ? 1337 : process.getuid?.();
    for (const path of [L.gateway.key, L.gateway.istioToken, L.gateway.istioData, L.gateway.accessLog]) {
      expect((await stat(path)).uid).toBe(owner);
    }
    expect(await readFile(L.gateway.podLabels, 'utf8')).toBe(
      'app="higress-gateway"\nhigress="higress-system-higress-gateway"\n',
    );
    const jwks = JSON.parse(await readFile(L.fileserver.jwks, 'utf8'));
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    const token = (await readFile(L.gateway.istioToken, 'utf8')).split('.');
    const claims = JSON.parse(Buffer.from(token[1]!, 'base64url').toString());
    expect(claims).toMatchObject({
      iss: 'higress',
      aud: ['istio-ca'],
      sub: 'system:serviceaccount:higress-system:higress-gateway',
    });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('init: idempotency and repair', () => {
  it('leaves every file byte-identical (and untouched) on a second run', async () => {
    const root = await tempRoot();
    const first = await runInit({ root, ...FAST, log: quiet });
    expect(first.changes.length).toBeGreaterThan(30);
    const before = await snapshot(root);
    const second = await runInit({ root, ...FAST, log: quiet });
    expect(second.changes).toEqual([]);
    expect(await snapshot(root)).toEqual(before);
  });

  it('repairs a leaf whose key is missing or whose certificate expires, keeping the CA', async () => {
    const root = await tempRoot();
    const L = volumeLayout(root);
    await runInit({ root, ...FAST, log: quiet });
    const ca = await readFile(L.api.caCert, 'utf8');
    const gatewayKey = await readFile(L.gateway.key, 'utf8');
    await unlink(L.api.serverKey);
    const repaired = await runInit({ root, ...FAST, log: quiet });
    expect(repaired.notes.join('\n')).toMatch(/server\.key was missing: new key and certificate/);
    expect(await openssl('verify', '-CAfile', L.api.caCert, L.api.serverCert)).toContain(': OK');
    expect(await readFile(L.api.caCert, 'utf8')).toBe(ca);
    // 350 days on, the 365-day leaves are within the 30-day renewal window; CAs (10 years) are kept
    const later = new Date(Date.now() + 350 * 86_400_000);
    const renewed = await runInit({ root, ...FAST, log: quiet, now: later });
    expect(renewed.notes.join('\n')).toMatch(/gateway certificate: .*expires soon.*re-issued/);
    const leaf = new X509Certificate(await readFile(L.gateway.certChain, 'utf8'));
    expect(new Date(leaf.validTo).getTime()).toBeGreaterThan(later.getTime() + 300 * 86_400_000);
    expect(await readFile(L.gateway.key, 'utf8')).toBe(gatewayKey);
    expect(await readFile(L.api.caCert, 'utf8')).toBe(ca);
  });

  it('refuses a CA whose key is missing, and rotates it only with --rotate', async () => {
    const root = await tempRoot();
    const L = volumeLayout(root);
    await runInit({ root, ...FAST, log: quiet });
    await unlink(L.pki.pilotRootKey);
    const before = await snapshot(root);
    await expect(runInit({ root, ...FAST, log: quiet })).rejects.toThrow(
      /Pilot root CA: volumes\/pilot\/cacerts\/root-cert.pem exists but volumes\/pki\/pilot-root-key.pem is missing.*--rotate/,
    );
    expect(await snapshot(root)).toEqual(before);
    const oldRoot = await readFile(L.pilot.rootCert, 'utf8');
    const rotated = await runInit({ root, ...FAST, log: quiet, rotate: true });
    expect(rotated.notes.join('\n')).toMatch(/Pilot root CA: rotated/);
    expect(await readFile(L.pilot.rootCert, 'utf8')).not.toBe(oldRoot);
    expect(await openssl('verify', '-CAfile', L.pilot.rootCert, L.pilot.caCert)).toContain(': OK');
  });

  it('refuses a corrupt existing key and leaves everything as it was', async () => {
    const root = await tempRoot();
    const L = volumeLayout(root);
    await runInit({ root, ...FAST, log: quiet });
    await writeFile(L.gateway.key, 'not a key\n');
    const before = await snapshot(root);
    await expect(runInit({ root, ...FAST, log: quiet })).rejects.toThrow(
      /volumes\/gateway\/certs\/key.pem is not a readable PEM private key.*--rotate/,
    );
    expect(await snapshot(root)).toEqual(before);
  });

  it('refuses an expired CA with a clear message', async () => {
    const root = await tempRoot();
    await runInit({ root, ...FAST, log: quiet });
    const before = await snapshot(root);
    const in11Years = new Date(Date.now() + 11 * 365 * 86_400_000);
    await expect(runInit({ root, ...FAST, log: quiet, now: in11Years })).rejects.toThrow(
      /apiserver CA: volumes\/api\/ca.crt expired on .*Refusing to replace a CA.*--rotate/,
    );
    expect(await snapshot(root)).toEqual(before);
  });
});

describe('init: ECDSA P-256', () => {
  it('builds the same chains with ECDSA keys', async () => {
    const root = await tempRoot();
    const L = volumeLayout(root);
    await runInit({ root, keyType: 'ecdsa', log: quiet });
    expect(
      await openssl('verify', '-CAfile', L.api.caCert, L.api.serverCert, L.kube.clientCert('pilot')),
    ).toMatch(/server\.crt: OK\n.*client\.crt: OK/);
    expect(await openssl('verify', '-CAfile', L.pilot.rootCert, L.pilot.caCert)).toContain(': OK');
    expect(await openssl('pkey', '-in', L.gateway.key, '-noout', '-text')).toContain('prime256v1');
    // tokens stay RS256: the signing key is RSA whatever the certificate key type
    expect(await openssl('pkey', '-in', L.pki.tokenSigningKey, '-noout', '-text')).toMatch(
      /Private-Key: \(2048 bit/,
    );
  });
});
