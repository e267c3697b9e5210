import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusError } from '@hs/apimachinery';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousAllowed } from './anonymous.js';
import { type Authentication, createAuthentication } from './authentication.js';
import { selfSubjectReview } from './self-subject-review.js';
import { tokenReview } from './token-review.js';

let dir: string;
let authn: Authentication;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const jwt = (sub: string, aud: string[] = ['istio-ca']) =>
  new SignJWT({ sub })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer('higress')
    .setAudience(aud)
    .setExpirationTime('1h')
    .sign(privateKey);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-authn-'));
  const keys = await generateKeyPair('RS256');
  privateKey = keys.privateKey;
  await writeFile(join(dir, 'jwks.json'), JSON.stringify({ keys: [await exportJWK(keys.publicKey)] }));
  await writeFile(
    join(dir, 'tokens.csv'),
    'admin-token,admin,uid-admin,"system:masters"\nviewer-token,viewer,uid-v\n',
  );
  authn = await createAuthentication({
    clientCertificates: true,
    tokenFile: join(dir, 'tokens.csv'),
    jwt: { jwks: join(dir, 'jwks.json'), issuers: ['higress'], audiences: ['istio-ca'] },
    anonymous: { enabled: true },
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('createAuthentication', () => {
  it('authenticates static tokens and adds system:authenticated', async () => {
    await expect(authn.authenticate(bearer('admin-token'), '/api')).resolves.toEqual({
      username: 'admin',
      uid: 'uid-admin',
      groups: ['system:masters', 'system:authenticated'],
    });
  });

  it('authenticates JWTs', async () => {
    await expect(authn.authenticate(bearer(await jwt('system:serviceaccount:a:b')), '/api')).resolves.toEqual(
      {
        username: 'system:serviceaccount:a:b',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:a', 'system:authenticated'],
      },
    );
  });

  it('authenticates verified client certificates', async () => {
    const user = await authn.authenticate(
      {
        headers: {},
        peerCertificate: { commonName: 'higress', organizations: ['system:masters'], verified: true },
      },
      '/api/v1/secrets',
    );
    expect(user).toEqual({ username: 'higress', groups: ['system:masters', 'system:authenticated'] });
  });

  it('a bad client certificate does not hide a valid bearer token', async () => {
    const user = await authn.authenticate(
      {
        headers: { Authorization: 'Bearer viewer-token' },
        peerCertificate: { commonName: 'mallory', organizations: [], verified: false },
      },
      '/api',
    );
    expect(user.username).toBe('viewer');
  });

  it('answers 401 for unknown, malformed or invalid tokens even where anonymous is allowed', async () => {
    for (const token of ['nope', await jwt('alice', ['wrong-aud'])]) {
      const err = await authn.authenticate(bearer(token), '/readyz').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).toStatus()).toMatchObject({
        code: 401,
        reason: 'Unauthorized',
        message: 'Unauthorized',
      });
    }
  });

  it('lets requests without credentials in as system:anonymous only on health endpoints', async () => {
    await expect(authn.authenticate({ headers: {} }, '/readyz')).resolves.toEqual({
      username: 'system:anonymous',
      groups: ['system:unauthenticated'],
    });
    await expect(authn.authenticate({ headers: {} }, '/livez/ping')).resolves.toMatchObject({
      username: 'system:anonymous',
    });
    await expect(authn.authenticate({ headers: {} }, '/api/v1/secrets')).rejects.toMatchObject({ code: 401 });
    await expect(
      authn.authenticate({ headers: { authorization: 'Basic YTpi' } }, '/apis'),
    ).rejects.toMatchObject({
      code: 401,
    });
  });

  it('refuses anonymous everywhere when it is not enabled', async () => {
    const strict = await createAuthentication({ tokenFile: join(dir, 'tokens.csv') });
    await expect(strict.authenticate({ headers: {} }, '/readyz')).rejects.toMatchObject({ code: 401 });
    await expect(strict.authenticate(bearer('viewer-token'), '/readyz')).resolves.toMatchObject({
      username: 'viewer',
    });
  });
});

describe('anonymousAllowed', () => {
  it('matches exact paths, sub-paths, prefixes and *', () => {
    expect(anonymousAllowed('/healthz', { enabled: true })).toBe(true);
    expect(anonymousAllowed('/healthzz', { enabled: true })).toBe(false);
    expect(anonymousAllowed('/version', { enabled: true, paths: ['/version'] })).toBe(true);
    expect(anonymousAllowed('/openapi/v3/apis', { enabled: true, paths: ['/openapi*'] })).toBe(true);
    expect(anonymousAllowed('/anything', { enabled: true, paths: ['*'] })).toBe(true);
    expect(anonymousAllowed('/healthz', { enabled: false, paths: ['*'] })).toBe(false);
  });
});

describe('tokenReview', () => {
  const review = (spec: Record<string, unknown>) => ({
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenReview',
    metadata: {},
    spec,
  });

  it('returns the user, groups and audiences of a valid JWT', async () => {
    const token = await jwt('system:serviceaccount:higress-system:higress-gateway');
    const res = await tokenReview(authn.tokenAuthenticator, review({ token }), {
      apiAudiences: authn.apiAudiences,
    });
    expect(res).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      metadata: {},
      spec: { token },
      status: {
        authenticated: true,
        user: {
          username: 'system:serviceaccount:higress-system:higress-gateway',
          groups: ['system:serviceaccounts', 'system:serviceaccounts:higress-system', 'system:authenticated'],
          extra: {},
        },
        audiences: ['istio-ca'],
      },
    });
  });

  it('validates static tokens too, with the API audiences', async () => {
    const res = await tokenReview(authn.tokenAuthenticator, review({ token: 'viewer-token' }), {
      apiAudiences: authn.apiAudiences,
    });
    expect(res.status).toEqual({
      authenticated: true,
      user: { username: 'viewer', uid: 'uid-v', groups: ['system:authenticated'], extra: {} },
      audiences: ['istio-ca'],
    });
  });

  it('reports an unknown token as not authenticated with an error', async () => {
    const res = await tokenReview(authn.tokenAuthenticator, review({ token: 'unknown' }));
    expect(res.status).toEqual({ user: {}, error: 'invalid bearer token' });
  });

  it('reports a JWT for other audiences as not authenticated', async () => {
    const token = await jwt('alice');
    const res = await tokenReview(authn.tokenAuthenticator, review({ token, audiences: ['vault'] }));
    expect(res.status.authenticated).toBeUndefined();
    expect(res.status.error).toBe('token claim "aud" is invalid');
    expect(res.spec.audiences).toEqual(['vault']);
  });

  it('refuses a review without token with 400', async () => {
    await expect(tokenReview(authn.tokenAuthenticator, review({}))).rejects.toMatchObject({
      code: 400,
      message: 'token is required for TokenReview in authentication',
    });
  });
});

describe('selfSubjectReview (kubectl auth whoami)', () => {
  it('returns the requesting user', async () => {
    const user = await authn.authenticate(bearer('admin-token'), '/apis');
    const res = selfSubjectReview(user, undefined, new Date('2026-01-02T03:04:05.678Z'));
    expect(res).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: '2026-01-02T03:04:05Z' },
      status: {
        userInfo: { username: 'admin', uid: 'uid-admin', groups: ['system:masters', 'system:authenticated'] },
      },
    });
  });
});
