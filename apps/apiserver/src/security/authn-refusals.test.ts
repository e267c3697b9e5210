/**
 * What the secure port refuses, on a real HTTPS port: client certificates from another CA or
 * expired ones, and bearer JWTs with a wrong signature, audience, issuer, expiry or not-before,
 * all 401 Unauthorized Status objects (each next to the accepted control case); and TLS 1.0/1.1
 * handshakes, which fail while TLS 1.2/1.3 succeed — the same client reaches TLS 1.1 on a
 * control server that allows it, so the refusal is the apiserver's.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type SecureVersion } from 'node:tls';
import { issueCertificate, jwksJson, publicJwk, signToken } from '@hs/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { listening } from '../testing/harness.js';
import { type Credentials, httpsJson } from '../testing/https-client.js';
import { type Pem, testPki } from '../testing/test-pki.js';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'higress';
const pki = testPki();
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
let dir: string;
let server: StartedServer;
let kid: string;

/** A client certificate issued by the test CA that expired two days ago. */
function expiredClient(cn: string): Pem {
  const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const certPem = issueCertificate({
    subject: { CN: cn, O: 'system:masters' },
    subjectKey: key,
    issuer: { certificatePem: pki.ca.certPem, key: createPrivateKey(pki.ca.keyPem) },
    validityDays: 1,
    now: new Date(Date.now() - 3 * 86_400_000),
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsage: ['clientAuth'],
  });
  return { certPem, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-authn-refusals-'));
  const jwk = await publicJwk(signingKey);
  kid = jwk.kid;
  await writeFile(join(dir, 'jwks.json'), jwksJson({ keys: [jwk] }));
  server = await listening('memory', {
    tls: { cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.ca.certPem },
    security: {
      authentication: {
        clientCertificates: true,
        jwt: { jwks: join(dir, 'jwks.json'), issuers: [ISSUER], audiences: [AUDIENCE] },
        anonymous: { enabled: false },
      },
    },
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function expectUnauthorized(url: string, creds: Omit<Credentials, 'ca'>) {
  const res = await httpsJson(`${server.url}${url}`, { ca: pki.ca.certPem, ...creds });
  expect(res.status).toBe(401);
  expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
}

describe('client certificates', () => {
  it('accepts one from the client CA and refuses one from another CA or an expired one', async () => {
    const good = pki.client('root', ['system:masters']);
    const ok = await httpsJson(`${server.url}/api/v1/namespaces`, {
      ca: pki.ca.certPem,
      cert: good.certPem,
      key: good.keyPem,
    });
    expect(ok.status).toBe(200);
    const foreign = testPki().client('root', ['system:masters']);
    await expectUnauthorized('/api/v1/namespaces', { cert: foreign.certPem, key: foreign.keyPem });
    const expired = expiredClient('root');
    await expectUnauthorized('/api/v1/namespaces', { cert: expired.certPem, key: expired.keyPem });
  });
});

describe('bearer JWTs', () => {
  const claims = { issuer: ISSUER, audiences: [AUDIENCE], subject: 'robot', lifetimeSeconds: 600 };

  it('accepts a token signed by the configured key for our issuer and audience', async () => {
    const token = await signToken(signingKey, kid, claims);
    const res = await httpsJson(`${server.url}/apis`, { ca: pki.ca.certPem, token });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong signature, audience, issuer, expiry or not-before', async () => {
    const refused = [
      await signToken(otherKey, kid, claims),
      await signToken(signingKey, kid, { ...claims, audiences: ['someone-else'] }),
      await signToken(signingKey, kid, { ...claims, issuer: 'https://other-issuer.test' }),
      await signToken(signingKey, kid, { ...claims, now: new Date(Date.now() - 3_600_000) }),
      await signToken(signingKey, kid, { ...claims, now: new Date(Date.now() + 3_600_000) }),
    ];
    // a genuine signature over a payload changed afterwards
    const [head, body, signature] = (await signToken(signingKey, kid, claims)).split('.');
    const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'admin' })).toString('base64url');
    refused.push(`${head}.${forged}.${signature}`);
    for (const token of refused) await expectUnauthorized('/apis', { token });
  });

  it('refuses requests without credentials when anonymous authentication is off', async () => {
    for (const url of ['/readyz', '/version', '/api']) await expectUnauthorized(url, {});
  });
});

/** Handshake with exactly `version`; resolves the negotiated protocol or the error code. */
function handshake(port: number, version: SecureVersion): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: pki.ca.certPem,
      servername: 'localhost',
      minVersion: version,
      maxVersion: version,
      // OpenSSL's default security level forbids TLS < 1.2 on the client side too.
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    socket.once('secureConnect', () => {
      resolve(socket.getProtocol() ?? 'unknown');
      socket.destroy();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? err.message}`));
  });
}

describe('TLS versions', () => {
  it('completes TLS 1.2 and 1.3 handshakes and fails TLS 1.0 and 1.1 ones', async () => {
    const port = Number(new URL(server.url).port);
    expect(await handshake(port, 'TLSv1.3')).toBe('TLSv1.3');
    expect(await handshake(port, 'TLSv1.2')).toBe('TLSv1.2');
    expect(await handshake(port, 'TLSv1.1')).toMatch(/^error:/);
    expect(await handshake(port, 'TLSv1')).toMatch(/^error:/);
  });

  it('the same client reaches TLS 1.1 on a server that allows it (control)', async () => {
    const control = createServer(
      {
        cert: pki.serving.certPem,
        key: pki.serving.keyPem,
        minVersion: 'TLSv1',
        ciphers: 'DEFAULT@SECLEVEL=0',
      },
      (s) => s.end(),
    );
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    try {
      expect(await handshake((control.address() as AddressInfo).port, 'TLSv1.1')).toBe('TLSv1.1');
    } finally {
      await new Promise((resolve) => control.close(resolve));
    }
  });
});
