import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwksJson, publicJwk, signToken, tokenStillGood } from './jwt.js';
import { generatePrivateKey, KeyError, keySpecFrom, parsePrivateKey } from './keys.js';

describe('JWK and tokens', () => {
  it('publishes an RS256 JWK whose kid is stable and verifies the tokens it signs', async () => {
    const { key, pem } = await generatePrivateKey({ type: 'rsa', size: 2048 });
    const jwk = await publicJwk(key);
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(jwk.n).toMatch(/^[A-Za-z0-9_-]+$/); // base64url without padding
    expect((await publicJwk(parsePrivateKey(pem).key)).kid).toBe(jwk.kid);
    const token = await signToken(key, jwk.kid, {
      issuer: 'higress',
      audiences: ['istio-ca'],
      subject: 'system:serviceaccount:higress-system:higress-gateway',
      lifetimeSeconds: 3600,
    });
    const jwks = JSON.parse(jwksJson({ keys: [jwk] }));
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'higress',
      audience: 'istio-ca',
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: jwk.kid });
    expect(payload.sub).toBe('system:serviceaccount:higress-system:higress-gateway');
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('keeps a token only while it verifies, matches the claims and is not about to expire', async () => {
    const { key } = await generatePrivateKey({ type: 'rsa', size: 2048 });
    const other = await generatePrivateKey({ type: 'rsa', size: 2048 });
    const claims = { issuer: 'higress', audiences: ['istio-ca'], subject: 'system:serviceaccount:a:b' };
    const token = await signToken(key, 'k', { ...claims, lifetimeSeconds: 86_400 });
    expect(await tokenStillGood(token, key, { ...claims, renewBeforeSeconds: 3600 })).toBe(true);
    expect(await tokenStillGood(token, other.key, { ...claims, renewBeforeSeconds: 3600 })).toBe(false);
    expect(await tokenStillGood(token, key, { ...claims, audiences: ['x'], renewBeforeSeconds: 0 })).toBe(
      false,
    );
    expect(await tokenStillGood(token, key, { ...claims, renewBeforeSeconds: 2 * 86_400 })).toBe(false);
    expect(await tokenStillGood('not-a-jwt', key, { ...claims, renewBeforeSeconds: 0 })).toBe(false);
  });

  it('refuses ECDSA signing keys: Pilot verifies RS256 only', async () => {
    const { key } = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
    await expect(publicJwk(key)).rejects.toThrow(/RSA/);
  });
});

describe('key options', () => {
  it('accepts the offered types and sizes and rejects the rest with a clear message', () => {
    expect(keySpecFrom('rsa', '3072')).toEqual({ type: 'rsa', size: 3072 });
    expect(keySpecFrom('rsa')).toEqual({ type: 'rsa', size: 4096 });
    expect(keySpecFrom('ecdsa')).toEqual({ type: 'ecdsa', curve: 'P-256' });
    expect(() => keySpecFrom('rsa', 1024)).toThrow(/RSA key size must be one of 2048, 3072, 4096/);
    expect(() => keySpecFrom('ecdsa', 4096)).toThrow(KeyError);
    expect(() => keySpecFrom('dsa')).toThrow(/rsa or ecdsa/);
  });

  it('names the file of an unreadable key', () => {
    expect(() => parsePrivateKey('garbage', 'ca.key')).toThrow(/ca\.key is not a readable PEM private key/);
  });
});
