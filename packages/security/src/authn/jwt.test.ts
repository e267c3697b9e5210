import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtAuthenticator } from './jwt.js';
import { AuthenticationError } from './types.js';

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;

let dir: string;
let key: Keys;
let otherKey: Keys;
let jwksFile: string;

async function publicJwk(k: Keys, kid?: string): Promise<JWK> {
  return { ...(await exportJWK(k.publicKey)), alg: 'RS256', use: 'sig', ...(kid ? { kid } : {}) };
}

function sign(
  claims: Record<string, unknown>,
  opts: { key?: Keys; kid?: string; exp?: string | number; iss?: string; aud?: string | string[] } = {},
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(opts.kid ? { kid: opts.kid } : {}) })
    .setIssuer(opts.iss ?? 'higress')
    .setAudience(opts.aud ?? ['istio-ca', 'higress-ca'])
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '1h');
  return jwt.sign((opts.key ?? key).privateKey);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-jwt-'));
  key = await generateKeyPair('RS256');
  otherKey = await generateKeyPair('RS256');
  jwksFile = join(dir, 'jwks.json');
  await writeFile(jwksFile, JSON.stringify({ keys: [await publicJwk(key, 'k1')] }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('jwtAuthenticator with a JWKS file', () => {
  const options = () => ({ jwks: jwksFile, issuers: ['higress'], audiences: ['istio-ca'] });

  it('authenticates a service-account token signed by the configured key', async () => {
    const auth = await jwtAuthenticator(options());
    const token = await sign(
      {
        sub: 'system:serviceaccount:higress-system:higress-gateway',
        'kubernetes.io': { serviceaccount: { uid: 'sa-uid-1' } },
      },
      { kid: 'k1' },
    );
    await expect(auth.authenticateToken(token)).resolves.toEqual({
      user: {
        username: 'system:serviceaccount:higress-system:higress-gateway',
        uid: 'sa-uid-1',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:higress-system'],
      },
      audiences: ['istio-ca'],
    });
  });

  it('accepts a token without kid (as the Go original minted them) and maps other subjects by claims', async () => {
    const auth = await jwtAuthenticator(options());
    const token = await sign({ sub: 'console', groups: ['admins', 'ops'] });
    await expect(auth.authenticateToken(token)).resolves.toMatchObject({
      user: { username: 'console', groups: ['admins', 'ops'] },
    });
  });

  it('rejects a tampered token', async () => {
    const auth = await jwtAuthenticator(options());
    const token = await sign({ sub: 'alice' }, { kid: 'k1' });
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.sub = 'system:serviceaccount:kube-system:admin';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    await expect(auth.authenticateToken(forged)).rejects.toThrow('token signature is invalid');
  });

  it('rejects a token signed by another key', async () => {
    const auth = await jwtAuthenticator(options());
    const token = await sign({ sub: 'alice' }, { key: otherKey });
    await expect(auth.authenticateToken(token)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('rejects an expired token', async () => {
    const auth = await jwtAuthenticator(options());
    const token = await sign({ sub: 'alice' }, { exp: Math.floor(Date.now() / 1000) - 3600 });
    await expect(auth.authenticateToken(token)).rejects.toThrow('token has expired');
  });

  it('rejects a token for another audience', async () => {
    const auth = await jwtAuthenticator(options());
    const token = await sign({ sub: 'alice' }, { aud: 'somebody-else' });
    await expect(auth.authenticateToken(token)).rejects.toThrow('token claim "aud" is invalid');
  });

  it('checks requested audiences instead of the configured ones when given (TokenReview)', async () => {
    const auth = await jwtAuthenticator(options());
    const token = await sign({ sub: 'alice' });
    await expect(auth.authenticateToken(token, ['higress-ca'])).resolves.toMatchObject({
      audiences: ['higress-ca'],
    });
    await expect(auth.authenticateToken(token, ['nope'])).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('has no opinion on another issuer or on non-JWT tokens', async () => {
    const auth = await jwtAuthenticator(options());
    await expect(
      auth.authenticateToken(await sign({ sub: 'alice' }, { iss: 'evil' })),
    ).resolves.toBeUndefined();
    await expect(auth.authenticateToken('static-token-123')).resolves.toBeUndefined();
  });

  it('never puts the token into error messages', async () => {
    const auth = await jwtAuthenticator(options());
    const token = await sign({ sub: 'alice' }, { key: otherKey });
    const err = await auth.authenticateToken(token).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toContain(token.split('.')[2]!.slice(0, 16));
  });

  it('reloads the JWKS file when it changes (key rotation)', async () => {
    const file = join(dir, 'rotating.json');
    await writeFile(file, JSON.stringify({ keys: [await publicJwk(key, 'k1')] }));
    const auth = await jwtAuthenticator({ ...options(), jwks: file, reloadCheckIntervalMs: 0 });
    const fromOther = await sign({ sub: 'alice' }, { key: otherKey, kid: 'k2' });
    await expect(auth.authenticateToken(fromOther)).rejects.toBeInstanceOf(AuthenticationError);
    await writeFile(
      file,
      JSON.stringify({ keys: [await publicJwk(key, 'k1'), await publicJwk(otherKey, 'k2')] }),
    );
    await expect(auth.authenticateToken(fromOther)).resolves.toMatchObject({ user: { username: 'alice' } });
  });

  it('refuses to start without issuers, audiences or a readable JWKS', async () => {
    await expect(jwtAuthenticator({ ...options(), issuers: [] })).rejects.toThrow(/issuer/);
    await expect(jwtAuthenticator({ ...options(), audiences: [] })).rejects.toThrow(/audience/);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"nokeys": true}');
    await expect(jwtAuthenticator({ ...options(), jwks: bad })).rejects.toThrow(/"keys"/);
  });
});

describe('jwtAuthenticator with a JWKS URL', () => {
  let url = '';
  let requests = 0;
  const server = createServer(async (_req, res) => {
    requests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [await publicJwk(key, 'k1')] }));
  });
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the key set and verifies tokens against it', async () => {
    const auth = await jwtAuthenticator({ jwks: url, issuers: 'higress', audiences: ['istio-ca'] });
    const token = await sign({ sub: 'system:serviceaccount:ns1:sa1' }, { kid: 'k1' });
    await expect(auth.authenticateToken(token)).resolves.toMatchObject({
      user: {
        username: 'system:serviceaccount:ns1:sa1',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:ns1'],
      },
    });
    expect(requests).toBeGreaterThan(0);
    await expect(
      auth.authenticateToken(await sign({ sub: 'x' }, { key: otherKey, kid: 'k1' })),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });
});
