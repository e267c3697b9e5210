/**
 * Bearer JWT authentication with jose, in the manner of kube-apiserver's service-account and OIDC
 * token authenticators (k8s.io/kubernetes/pkg/serviceaccount/jwt.go,
 * k8s.io/apiserver/plugin/pkg/authenticator/token/oidc/oidc.go):
 * - tokens that are not JWTs, or whose `iss` is not one of ours, get no opinion (another
 *   authenticator may own them);
 * - for our issuers the signature (keys from a JWKS file or URL), `exp`/`nbf` and the audience are
 *   checked; any failure is an AuthenticationError;
 * - `sub` = `system:serviceaccount:<ns>:<name>` becomes that user with groups `system:serviceaccounts`
 *   and `system:serviceaccounts:<ns>` (uid from the `kubernetes.io` claim when present); any other
 *   subject becomes the user named by `usernameClaim` with groups from `groupsClaim`.
 * Tokens without `kid` are tried against every matching key (jose does this for JWKS resolvers).
 */
import { readFile, stat } from 'node:fs/promises';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { parseServiceAccountUsername, serviceAccountGroups } from './service-account.js';
import { AuthenticationError, type TokenAuthenticator, type TokenResponse, type UserInfo } from './types.js';

export interface JwtAuthenticatorOptions {
  /** A JWKS file path, or an http(s) URL serving a JWKS. */
  jwks: string;
  /** Accepted `iss` values (at least one). */
  issuers: string | readonly string[];
  /** Accepted `aud` values (at least one); a token must carry one of them. */
  audiences: readonly string[];
  /** Accepted signature algorithms. Default RS256 and ES256 (the key type must match anyway). */
  algorithms?: readonly string[];
  /** Clock skew tolerance in seconds for exp/nbf. Default 0. */
  clockToleranceSeconds?: number;
  /** Claim holding the user name of non-service-account subjects. Default `sub`. */
  usernameClaim?: string;
  /** Claim holding groups (array or string). Default `groups`. */
  groupsClaim?: string;
  /** For a JWKS file: how often (ms) its mtime is checked on use; 0 = every call. Default 5000. */
  reloadCheckIntervalMs?: number;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** A key resolver over a JWKS file that re-reads the file when its mtime or size changes. */
async function fileKeySet(path: string, interval: number): Promise<JWTVerifyGetKey> {
  const load = async () => {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let jwks: JSONWebKeySet;
    try {
      jwks = JSON.parse(text) as JSONWebKeySet;
    } catch {
      throw new Error(`JWKS file ${path} is not valid JSON`);
    }
    if (!jwks || !Array.isArray(jwks.keys)) throw new Error(`JWKS file ${path} has no "keys" array`);
    return { getKey: createLocalJWKSet(jwks), mtimeMs: info.mtimeMs, size: info.size };
  };
  let state = await load();
  let lastCheck = Date.now();
  return async (header, token) => {
    const now = Date.now();
    if (now - lastCheck >= interval) {
      lastCheck = now;
      try {
        const info = await stat(path);
        if (info.mtimeMs !== state.mtimeMs || info.size !== state.size) state = await load();
      } catch {
        // keep the last good key set while the file is being replaced
      }
    }
    return state.getKey(header, token);
  };
}

const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

function userFromClaims(claims: JWTPayload, usernameClaim: string, groupsClaim: string): UserInfo {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const sa = parseServiceAccountUsername(sub);
  if (sa) {
    const k8s = claims['kubernetes.io'] as { serviceaccount?: { uid?: unknown } } | undefined;
    const uid = k8s?.serviceaccount?.uid ?? claims['kubernetes.io/serviceaccount/service-account.uid'];
    return {
      username: sub,
      ...(typeof uid === 'string' && uid ? { uid } : {}),
      groups: serviceAccountGroups(sa.namespace),
    };
  }
  const username = claims[usernameClaim];
  if (typeof username !== 'string' || username === '') {
    throw new AuthenticationError(`token has no "${usernameClaim}" claim`);
  }
  return { username, groups: stringList(claims[groupsClaim]) };
}

function describe(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `token claim "${err.claim}" is invalid`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no key matches the token';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm is not allowed';
  if (err instanceof joseErrors.JOSEError) return `token is invalid (${err.code})`;
  return 'token could not be verified';
}

export async function jwtAuthenticator(options: JwtAuthenticatorOptions): Promise<TokenAuthenticator> {
  const issuers = typeof options.issuers === 'string' ? [options.issuers] : [...options.issuers];
  if (issuers.length === 0) throw new Error('jwtAuthenticator: at least one issuer is required');
  if (options.audiences.length === 0) throw new Error('jwtAuthenticator: at least one audience is required');
  const getKey = isUrl(options.jwks)
    ? createRemoteJWKSet(new URL(options.jwks))
    : await fileKeySet(options.jwks, options.reloadCheckIntervalMs ?? 5000);
  const algorithms = [...(options.algorithms ?? ['RS256', 'ES256'])];
  const usernameClaim = options.usernameClaim ?? 'sub';
  const groupsClaim = options.groupsClaim ?? 'groups';

  return {
    async authenticateToken(token, requested): Promise<TokenResponse | undefined> {
      let unverified: JWTPayload;
      try {
        unverified = decodeJwt(token);
      } catch {
        return undefined; // not a JWT: not ours
      }
      if (typeof unverified.iss !== 'string' || !issuers.includes(unverified.iss)) return undefined;
      const wanted = requested && requested.length > 0 ? [...requested] : [...options.audiences];
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(token, getKey, {
          issuer: issuers,
          audience: wanted,
          algorithms,
          clockTolerance: options.clockToleranceSeconds ?? 0,
        }));
      } catch (err) {
        throw new AuthenticationError(describe(err));
      }
      const tokenAuds = stringList(claims.aud);
      return {
        user: userFromClaims(claims, usernameClaim, groupsClaim),
        audiences: wanted.filter((a) => tokenAuds.includes(a)),
      };
    },
  };
}
