/**
 * Composition of authenticators, following k8s.io/apiserver/pkg/authentication/request/union
 * (union.go), token/union, group/authenticated_group_adder.go and authenticator/audiences.go.
 */
import {
  AuthenticationError,
  type Authenticator,
  SYSTEM_ANONYMOUS,
  SYSTEM_AUTHENTICATED,
  SYSTEM_UNAUTHENTICATED,
  type TokenAuthenticator,
  type TokenResponse,
  type UserInfo,
} from './types.js';

const combine = (errors: AuthenticationError[]) =>
  errors.length === 1 ? errors[0]! : new AuthenticationError(errors.map((e) => e.message).join(', '));

/**
 * Tries each authenticator in order; the first user wins. Errors do not stop the search (a bad
 * client cert does not hide a good bearer token); if nobody succeeds, the collected errors are
 * thrown as one AuthenticationError, else the result is "no credentials" (undefined).
 */
export function unionAuthenticator(...authenticators: Authenticator[]): Authenticator {
  return {
    async authenticate(request) {
      const errors: AuthenticationError[] = [];
      for (const a of authenticators) {
        try {
          const user = await a.authenticate(request);
          if (user) return user;
        } catch (err) {
          errors.push(
            err instanceof AuthenticationError ? err : new AuthenticationError('authentication failed'),
          );
        }
      }
      if (errors.length > 0) throw combine(errors);
      return undefined;
    },
  };
}

/** Token-level union with the same rules as `unionAuthenticator`. */
export function unionTokenAuthenticator(...authenticators: TokenAuthenticator[]): TokenAuthenticator {
  return {
    async authenticateToken(token, audiences) {
      const errors: AuthenticationError[] = [];
      for (const a of authenticators) {
        try {
          const res = await a.authenticateToken(token, audiences);
          if (res) return res;
        } catch (err) {
          errors.push(
            err instanceof AuthenticationError ? err : new AuthenticationError('authentication failed'),
          );
        }
      }
      if (errors.length > 0) throw combine(errors);
      return undefined;
    },
  };
}

/**
 * For authenticators with no audience notion (static tokens): accepted only when the requested
 * audiences (if any) intersect the server's `implicitAudiences`; the response then names that
 * intersection (upstream WrapAudienceAgnosticToken).
 */
export function audienceAgnostic(
  delegate: TokenAuthenticator,
  implicitAudiences: readonly string[],
): TokenAuthenticator {
  return {
    async authenticateToken(token, requested) {
      if (!requested || requested.length === 0) {
        const res = await delegate.authenticateToken(token);
        return res && { ...res, audiences: [...implicitAudiences] };
      }
      const auds = implicitAudiences.filter((a) => requested.includes(a));
      if (auds.length === 0) return undefined;
      const res = await delegate.authenticateToken(token, requested);
      return res && { ...res, audiences: auds };
    },
  };
}

/** Adds `system:authenticated` to every user but `system:anonymous` (upstream AuthenticatedGroupAdder). */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.username === SYSTEM_ANONYMOUS) return user;
  if (user.groups.includes(SYSTEM_AUTHENTICATED) || user.groups.includes(SYSTEM_UNAUTHENTICATED)) return user;
  return { ...user, groups: [...user.groups, SYSTEM_AUTHENTICATED] };
}

export function authenticatedGroupAdder(delegate: Authenticator): Authenticator {
  return {
    async authenticate(request) {
      const user = await delegate.authenticate(request);
      return user && withAuthenticatedGroup(user);
    },
  };
}

export function authenticatedGroupTokenAdder(delegate: TokenAuthenticator): TokenAuthenticator {
  return {
    async authenticateToken(token, audiences): Promise<TokenResponse | undefined> {
      const res = await delegate.authenticateToken(token, audiences);
      return res && { ...res, user: withAuthenticatedGroup(res.user) };
    },
  };
}
