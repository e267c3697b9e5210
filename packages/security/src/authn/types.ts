/**
 * Authentication contracts, modelled on k8s.io/apiserver/pkg/authentication/authenticator
 * (interfaces.go) and pkg/authentication/user (user.go). Framework-free: the server adapts its
 * request (headers + TLS peer certificate) into an `AuthRequest`.
 *
 * Outcome convention (as upstream's `(resp, ok, err)` triple):
 * - a `UserInfo` / `TokenResponse`: the credentials are valid;
 * - `undefined`: this authenticator found no credentials it is responsible for (no opinion);
 * - a thrown `AuthenticationError`: credentials it is responsible for were presented and are invalid.
 */

/** An authenticated identity, as user.Info / authentication.k8s.io/v1 UserInfo. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: readonly string[];
  extra?: Record<string, readonly string[]>;
}

/** The TLS client certificate as the TLS layer saw it (see `peerCertificateFromTls`). */
export interface PeerCertificateInfo {
  /** Subject CN (the user name). */
  commonName?: string;
  /** Subject O values (the groups), in certificate order. */
  organizations: string[];
  /** DER bytes of the certificate, when available. */
  raw?: Uint8Array;
  /** True only when the TLS layer verified the chain against the client CA (Node `socket.authorized`). */
  verified: boolean;
  /** Why verification failed (Node `socket.authorizationError`), if it did. */
  verificationError?: string;
}

/** What an authenticator looks at: request headers (lower- or mixed-case names) and the peer certificate. */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  peerCertificate?: PeerCertificateInfo | undefined;
  /**
   * Audiences the caller wants tokens checked against, as upstream's context audiences
   * (TokenReview `spec.audiences`). Absent → each authenticator's configured audiences.
   */
  audiences?: readonly string[];
}

/** A request-level authenticator (upstream authenticator.Request). */
export interface Authenticator {
  authenticate(request: AuthRequest): Promise<UserInfo | undefined>;
}

/** A token-level authenticator (upstream authenticator.Token). */
export interface TokenAuthenticator {
  /** `audiences`: as `AuthRequest.audiences`. */
  authenticateToken(token: string, audiences?: readonly string[]): Promise<TokenResponse | undefined>;
}

/** A successful token authentication: the user and the audiences the token was accepted for. */
export interface TokenResponse {
  user: UserInfo;
  /** Intersection of the token's audiences and the requested ones; empty when the authenticator has no audience notion. */
  audiences: string[];
}

/**
 * Credentials were presented but are invalid. The message is safe to show to the client and to
 * log: it never contains the credential itself.
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

export const isAuthenticationError = (err: unknown): err is AuthenticationError =>
  err instanceof AuthenticationError;

/** Well-known users and groups (k8s.io/apiserver/pkg/authentication/user/user.go). */
export const SYSTEM_AUTHENTICATED = 'system:authenticated';
export const SYSTEM_UNAUTHENTICATED = 'system:unauthenticated';
export const SYSTEM_ANONYMOUS = 'system:anonymous';
export const SYSTEM_MASTERS = 'system:masters';

/** Case-insensitive single header value (first value of a repeated header). */
export function headerValue(headers: AuthRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** A mutable copy of a user's extra attributes, for answer objects. */
export function copyExtra(extra: UserInfo['extra']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(extra ?? {})) out[k] = [...v];
  return out;
}
