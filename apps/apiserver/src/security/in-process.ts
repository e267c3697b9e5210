/**
 * The allow-all preset: what a server built without `security` runs its request guard with, for
 * in-process use (tests, embedding, the envtest idea). Nobody is authenticated unless the
 * `authenticateRequest` seam says so (everyone else is system:anonymous), every request is allowed
 * unless an `authorizer` is given, TokenReview answers only when a token authenticator is given,
 * and there are no limits, audit log or escalation checks.
 */
import {
  type Authorizer,
  alwaysAllow,
  anonymousUser,
  type TokenAuthenticator,
  type UserInfo,
} from '@hs/security';
import type { FastifyRequest } from 'fastify';
import type { ServerSecurity } from './security-options.js';

export interface InProcessSecurityOptions {
  authorizer?: Authorizer | undefined;
  /** TokenReview answers; absent: every review says token authentication is off. */
  tokenAuthenticator?: TokenAuthenticator | undefined;
  /** A UserInfo, undefined for anonymous, or a thrown StatusError (401) to refuse. */
  authenticateRequest?:
    | ((request: FastifyRequest) => Promise<UserInfo | undefined> | UserInfo | undefined)
    | undefined;
}

export function inProcessSecurity(options: InProcessSecurityOptions = {}): ServerSecurity {
  const authenticate = options.authenticateRequest;
  return {
    identify: async (request) => (authenticate ? await authenticate(request) : undefined) ?? anonymousUser(),
    tokens: options.tokenAuthenticator
      ? { authenticator: options.tokenAuthenticator, apiAudiences: [] }
      : undefined,
    authorizer: options.authorizer ?? alwaysAllow(),
    ruleResolver: undefined,
    limits: undefined,
    audit: undefined,
    insecure: false,
    close: async () => {},
  };
}
