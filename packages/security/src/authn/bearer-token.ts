/**
 * `Authorization: Bearer <token>` → token authenticator, following
 * k8s.io/apiserver/pkg/authentication/request/bearertoken/bearertoken.go: no or empty bearer
 * token → no opinion; a token nobody recognises → "invalid bearer token".
 */
import {
  AuthenticationError,
  type Authenticator,
  type AuthRequest,
  headerValue,
  type TokenAuthenticator,
} from './types.js';

/** The bearer token of a request, if it carries one (scheme case-insensitive, as upstream). */
export function bearerToken(headers: AuthRequest['headers']): string | undefined {
  const auth = headerValue(headers, 'authorization')?.trim();
  if (!auth) return undefined;
  const parts = auth.split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  const token = parts[1]!;
  return token === '' ? undefined : token;
}

export function bearerTokenAuthenticator(tokens: TokenAuthenticator): Authenticator {
  return {
    async authenticate(request) {
      const token = bearerToken(request.headers);
      if (token === undefined) return undefined;
      const res = await tokens.authenticateToken(token, request.audiences);
      if (!res) throw new AuthenticationError('invalid bearer token');
      return res.user;
    },
  };
}
