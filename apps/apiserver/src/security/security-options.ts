/**
 * The `security` block of the server options and the pieces built from it once per server:
 * authentication (kube-apiserver's composable authenticators), the authorizer (RBAC over the
 * server's own store, or AlwaysAllow), request limits and the audit log. `inProcessSecurity`
 * is the allow-all preset the same request guard runs with when a server is built without it.
 */
import type { Registry } from '@hs/resources';
import {
  type AuditLevel,
  type AuditLogger,
  type AuthenticationOptions,
  type AuthorizationMode,
  type Authorizer,
  createAuditLogger,
  createAuthentication,
  createAuthorizer,
  createRequestLimits,
  type RequestLimits,
  type RequestLimitsOptions,
  type RuleResolver,
  rbacRuleResolver,
  SYSTEM_AUTHENTICATED,
  SYSTEM_MASTERS,
  type TokenAuthenticator,
  type UserInfo,
  withBootstrapPolicy,
} from '@hs/security';
import type { Storage } from '@hs/storage';
import type { FastifyRequest } from 'fastify';
import { storageRbacSource } from './rbac-source.js';
import { pathOf, peerOf } from './request-identity.js';

export interface SecurityOptions {
  /**
   * How callers are identified (client certificates, token file, JWTs, anonymous). Absent: nobody
   * is authenticated, so every request is 401 (anonymous off) — unless `insecure`.
   */
  authentication?: AuthenticationOptions | undefined;
  /**
   * Every caller is the superuser `system:unsecured` (group system:masters), as kube-apiserver's
   * old insecure port: for a plain-HTTP development port that still has limits and audit.
   */
  insecure?: boolean | undefined;
  /** Default RBAC (roles and bindings from the store; system:masters is superuser). */
  authorizationMode?: AuthorizationMode | undefined;
  /** In-flight and watch caps (429 with Retry-After); `false` = none. Default: the package defaults. */
  limits?: RequestLimitsOptions | false | undefined;
  /** JSON-lines audit log (audit.k8s.io/v1 Events). */
  audit?: { path: string; level?: AuditLevel | undefined } | undefined;
}

/** kube-apiserver's insecure-port identity (pkg/kubeapiserver/server/insecure_handler.go). */
export const UNSECURED_USER: UserInfo = {
  username: 'system:unsecured',
  groups: [SYSTEM_MASTERS, SYSTEM_AUTHENTICATED],
};

/** What TokenReview checks tokens with: the same authenticators as requests. */
export interface TokenChecks {
  authenticator: TokenAuthenticator;
  apiAudiences: readonly string[];
}

/** The one security path of a server: every request passes the request guard built from this. */
export interface ServerSecurity {
  /** Who sent the request (before impersonation), or a thrown 401 StatusError. */
  identify(request: FastifyRequest): Promise<UserInfo>;
  /** TokenReview's authenticators; undefined = token authentication is off. */
  tokens: TokenChecks | undefined;
  authorizer: Authorizer;
  /** The rules a user holds (RBAC objects plus the bootstrap policy), for escalation checks; off when undefined. */
  ruleResolver: RuleResolver | undefined;
  limits: RequestLimits | undefined;
  audit: AuditLogger | undefined;
  /** Limits key on the client address only (every caller is the same user). */
  insecure: boolean;
  close(): Promise<void>;
}

export async function createServerSecurity(
  options: SecurityOptions,
  storage: Storage,
  registry: Registry,
): Promise<ServerSecurity> {
  const insecure = options.insecure ?? false;
  const authentication = insecure ? undefined : await createAuthentication(options.authentication ?? {});
  const mode = options.authorizationMode ?? 'RBAC';
  const source = storageRbacSource(storage, registry);
  const authorizer = mode === 'RBAC' ? createAuthorizer({ mode, source }) : createAuthorizer({ mode });
  const ruleResolver = rbacRuleResolver(withBootstrapPolicy(source));
  const limits = options.limits === false ? undefined : createRequestLimits(options.limits ?? {});
  const audit = options.audit
    ? createAuditLogger({
        file: options.audit.path,
        registry,
        ...(options.audit.level ? { level: options.audit.level } : {}),
      })
    : undefined;
  return {
    identify: async (request) =>
      authentication
        ? authentication.authenticate(
            { headers: request.headers, peerCertificate: peerOf(request) },
            pathOf(request.url),
          )
        : UNSECURED_USER,
    tokens: authentication
      ? { authenticator: authentication.tokenAuthenticator, apiAudiences: authentication.apiAudiences }
      : undefined,
    authorizer,
    ruleResolver,
    limits,
    audit,
    insecure,
    close: async () => {
      await audit?.close();
    },
  };
}
