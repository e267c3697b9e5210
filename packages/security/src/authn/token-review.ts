/**
 * TokenReview (authentication.k8s.io/v1), following k8s.io/kubernetes
 * pkg/registry/authentication/tokenreview/storage.go: an empty token is a 400; otherwise the token
 * is checked by the same token authenticators as requests, against `spec.audiences` or else the
 * server's API audiences, and the review comes back with `status` filled in. Field names and the
 * omission of empty fields follow the Go JSON encoding.
 */
import { badRequest } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { AuthenticationError, copyExtra, type TokenAuthenticator } from './types.js';

export interface TokenReviewStatus {
  authenticated?: boolean;
  user: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  audiences?: string[];
  error?: string;
}

export interface TokenReviewObject extends KubeObject {
  spec: { token?: string; audiences?: string[] };
  status: TokenReviewStatus;
}

export interface TokenReviewOptions {
  /** The server's API audiences (upstream --api-audiences), used when the review names none. */
  apiAudiences?: readonly string[];
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

export async function tokenReview(
  authenticator: TokenAuthenticator,
  review: KubeObject,
  options: TokenReviewOptions = {},
): Promise<TokenReviewObject> {
  const spec = (review.spec && typeof review.spec === 'object' ? review.spec : {}) as Record<string, unknown>;
  const token = typeof spec.token === 'string' ? spec.token : '';
  if (token === '') throw badRequest('token is required for TokenReview in authentication');
  const specAuds = isStringArray(spec.audiences) ? spec.audiences : [];
  const auds = specAuds.length > 0 ? specAuds : [...(options.apiAudiences ?? [])];

  const out = (status: TokenReviewStatus): TokenReviewObject => ({
    ...review,
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenReview',
    metadata: review.metadata ?? {},
    spec: { ...spec, token, ...(specAuds.length > 0 ? { audiences: specAuds } : {}) },
    status,
  });

  let res: Awaited<ReturnType<TokenAuthenticator['authenticateToken']>>;
  try {
    res = await authenticator.authenticateToken(token, auds.length > 0 ? auds : undefined);
  } catch (err) {
    return out({
      user: {},
      error: err instanceof AuthenticationError ? err.message : 'token could not be verified',
    });
  }
  if (!res) return out({ user: {}, error: 'invalid bearer token' });
  if (auds.length > 0 && !res.audiences.some((a) => auds.includes(a))) {
    return out({ user: {}, error: 'error validating audiences' });
  }
  const u = res.user;
  return out({
    authenticated: true,
    user: {
      username: u.username,
      ...(u.uid ? { uid: u.uid } : {}),
      ...(u.groups.length > 0 ? { groups: [...u.groups] } : {}),
      extra: copyExtra(u.extra),
    },
    ...(res.audiences.length > 0 ? { audiences: [...res.audiences] } : {}),
  });
}
