import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt, exportJWK, type JWK, jwtVerify, SignJWT } from 'jose';

/** A public signing key as published in a JWKS (RFC 7517), RS256 only: go-oidc's default. */
export interface PublicJwk extends JWK {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface Jwks {
  keys: PublicJwk[];
}

/**
 * The public JWK of an RSA signing key. The `kid` is the RFC 7638 thumbprint, so it is stable
 * for a key and changes when the key is rotated.
 */
export async function publicJwk(key: KeyObject): Promise<PublicJwk> {
  if (key.asymmetricKeyType !== 'rsa') throw new Error('token signing keys must be RSA (RS256)');
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = await exportJWK(pub);
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('RSA JWK without n/e');
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'sha256');
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' };
}

/** Serialises a JWKS with a stable key order and a trailing newline. */
export function jwksJson(jwks: Jwks): string {
  return JSON.stringify(jwks, null, 2) + '\n';
}

export interface TokenClaims {
  issuer: string;
  audiences: readonly string[];
  /** e.g. system:serviceaccount:higress-system:higress-gateway */
  subject: string;
  /** Lifetime in seconds from `now`. */
  lifetimeSeconds: number;
  now?: Date;
  extra?: Record<string, unknown>;
}

/** Mints an RS256 JWT with `kid` in the header (go-oidc also copes without one). */
export async function signToken(key: KeyObject, kid: string, claims: TokenClaims): Promise<string> {
  const iat = Math.floor((claims.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ ...claims.extra })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(claims.issuer)
    .setAudience([...claims.audiences])
    .setSubject(claims.subject)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + claims.lifetimeSeconds)
    .sign(key);
}

/**
 * Whether an existing token can be kept: it verifies with `key`, carries exactly the wanted
 * issuer, subject and audiences, and stays valid for at least `renewBeforeSeconds`.
 */
export async function tokenStillGood(
  token: string,
  key: KeyObject,
  want: Pick<TokenClaims, 'issuer' | 'audiences' | 'subject'> & { renewBeforeSeconds: number; now?: Date },
): Promise<boolean> {
  const now = want.now ?? new Date();
  try {
    const pub = key.type === 'private' ? createPublicKey(key) : key;
    const { payload } = await jwtVerify(token.trim(), pub, {
      issuer: want.issuer,
      subject: want.subject,
      algorithms: ['RS256'],
      currentDate: now,
    });
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if ([...aud].sort().join(',') !== [...want.audiences].sort().join(',')) return false;
    return (payload.exp ?? 0) - now.getTime() / 1000 > want.renewBeforeSeconds;
  } catch {
    return false;
  }
}

/** Decoded claims, without verification (for reports). */
export function peekClaims(token: string): Record<string, unknown> {
  return decodeJwt(token.trim());
}
