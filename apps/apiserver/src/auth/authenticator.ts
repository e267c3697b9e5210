/**
 * Token authentication seam, used by TokenReview (k8s.io/apiserver/pkg/authentication/authenticator).
 * The default authenticates nothing, so reviews answer `authenticated: false`.
 */
import type { UserInfo } from './authorizer.js';

export interface TokenAuthResult {
  authenticated: boolean;
  user?: UserInfo | undefined;
  audiences?: readonly string[] | undefined;
  error?: string | undefined;
}

export interface Authenticator {
  authenticateToken(token: string, audiences: readonly string[]): TokenAuthResult | Promise<TokenAuthResult>;
}

export const authenticateNothing: Authenticator = {
  authenticateToken: () => ({ authenticated: false }),
};
