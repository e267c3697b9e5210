/**
 * The `security` block of the server options and the pieces built from it once per server:
 * authentication (kube-apiserver's composable authenticators), the authorizer (RBAC over the
 * server's own store, or AlwaysAllow), request limits and the audit log.
 */
import type { Registry } from '@hs/resources';
import {
  type AuditLevel,
  type AuditLogger,
  type Authentication,
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
  type UserInfo,
  withBootstrapPolicy,
} from '@hs/security';
import type { Storage } from '@hs/storage';
import { storageRbacSource } from './rbac-source.js';

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

export interface ServerSecurity {
  /** Authenticates a request; undefined when `insecure`. */
  authentication: Authentication | undefined;
  authorizer: Authorizer;
  /** The rules a user holds (RBAC objects plus the bootstrap policy), for escalation checks. */
  ruleResolver: RuleResolver;
  limits: RequestLimits | undefined;
  audit: AuditLogger | undefined;
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
    authentication,
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
