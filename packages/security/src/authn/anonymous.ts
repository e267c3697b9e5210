/**
 * Anonymous access and the request-level entry point. As kube-apiserver (pkg/kubeapiserver/
 * authenticator/config.go), anonymous is tried only when no authenticator found credentials:
 * invalid credentials are always 401, never downgraded to anonymous (union.NewFailOnError).
 * Anonymous is off unless enabled, and then limited to `paths` (by default the health endpoints),
 * like upstream's AnonymousAuthConfigurableEndpoints.
 */
import { StatusError, unauthorized } from '@hs/apimachinery';
import {
  AuthenticationError,
  type Authenticator,
  type AuthRequest,
  SYSTEM_ANONYMOUS,
  SYSTEM_UNAUTHENTICATED,
  type UserInfo,
} from './types.js';

export const DEFAULT_ANONYMOUS_PATHS: readonly string[] = ['/healthz', '/livez', '/readyz'];

export interface AnonymousOptions {
  enabled: boolean;
  /**
   * Paths anonymous requests may reach. An entry matches that path and its sub-paths
   * (`/readyz` also admits `/readyz/ping`); an entry ending in `*` matches by prefix; `*` alone
   * admits everything. Default DEFAULT_ANONYMOUS_PATHS.
   */
  paths?: readonly string[];
}

export const anonymousUser = (): UserInfo => ({
  username: SYSTEM_ANONYMOUS,
  groups: [SYSTEM_UNAUTHENTICATED],
});

export function anonymousAllowed(path: string, options: AnonymousOptions | undefined): boolean {
  if (!options?.enabled) return false;
  for (const p of options.paths ?? DEFAULT_ANONYMOUS_PATHS) {
    if (p === '*') return true;
    if (p.endsWith('*')) {
      if (path.startsWith(p.slice(0, -1))) return true;
    } else if (path === p || path.startsWith(`${p}/`)) return true;
  }
  return false;
}

/**
 * Authenticates one API request: the user, or a 401 `StatusError` (message "Unauthorized", as
 * upstream; the detailed reason is returned on `cause` for the server's log, never a credential).
 * `path` is the URL path without the query.
 */
export async function authenticateRequest(
  authenticator: Authenticator,
  request: AuthRequest,
  path: string,
  anonymous?: AnonymousOptions,
): Promise<UserInfo> {
  let user: UserInfo | undefined;
  try {
    user = await authenticator.authenticate(request);
  } catch (err) {
    const e = unauthorized();
    if (err instanceof AuthenticationError) e.cause = err;
    throw e;
  }
  if (user) return user;
  if (anonymousAllowed(path, anonymous)) return anonymousUser();
  throw unauthorized();
}

export const isUnauthorized = (err: unknown) => err instanceof StatusError && err.code === 401;
