/**
 * Simple authorizers and their union, following k8s.io/apiserver/pkg/authorization/union
 * (first allow or deny wins, reasons of no-opinion answers are joined by newlines),
 * authorizerfactory (AlwaysAllow, AlwaysDeny, privileged groups such as system:masters).
 */
import { SYSTEM_MASTERS } from '../authn/types.js';
import { withBootstrapPolicy } from './bootstrap-policy.js';
import { type RbacSource, rbacAuthorizer } from './rbac.js';
import type { AuthorizationResult, Authorizer, SubjectRules } from './types.js';

export const alwaysAllow = (): Authorizer => ({
  authorize: async () => ({ decision: 'allow', reason: '' }),
  rulesFor: async () => ({
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  }),
});

export const alwaysDeny = (): Authorizer => ({
  authorize: async () => ({ decision: 'no-opinion', reason: 'Everything is forbidden.' }),
});

/** Allows every request of a member of one of `groups` (upstream NewPrivilegedGroups). */
export const privilegedGroups = (...groups: string[]): Authorizer => ({
  authorize: async (attrs) =>
    attrs.user.groups.some((g) => groups.includes(g))
      ? { decision: 'allow', reason: '' }
      : { decision: 'no-opinion', reason: '' },
});

export function unionAuthorizer(...authorizers: Authorizer[]): Authorizer {
  return {
    async authorize(attrs): Promise<AuthorizationResult> {
      const reasons: string[] = [];
      const errors: string[] = [];
      for (const a of authorizers) {
        const res = await a.authorize(attrs);
        if (res.decision !== 'no-opinion') return res;
        if (res.reason) reasons.push(res.reason);
        if (res.evaluationError) errors.push(res.evaluationError);
      }
      return {
        decision: 'no-opinion',
        reason: reasons.join('\n'),
        ...(errors.length > 0 ? { evaluationError: errors.join(', ') } : {}),
      };
    },
    async rulesFor(user, namespace): Promise<SubjectRules> {
      const out: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
      const errors: string[] = [];
      for (const a of authorizers) {
        if (!a.rulesFor) continue;
        const r = await a.rulesFor(user, namespace);
        out.resourceRules.push(...r.resourceRules);
        out.nonResourceRules.push(...r.nonResourceRules);
        out.incomplete ||= r.incomplete;
        if (r.evaluationError) errors.push(r.evaluationError);
      }
      if (errors.length > 0) out.evaluationError = errors.join(', ');
      return out;
    },
  };
}

export type AuthorizationMode = 'AlwaysAllow' | 'RBAC';

export interface AuthorizerOptions {
  /** `AlwaysAllow` reproduces the Go original (no authorization); `RBAC` is the secure default. */
  mode: AuthorizationMode;
  /** RBAC objects from the store (required for RBAC). */
  source?: RbacSource;
  /** Merge the built-in bootstrap roles and bindings (discovery, health, self reviews). Default true. */
  bootstrapPolicy?: boolean;
}

/** The server's authorizer: system:masters first (superuser), then RBAC, as kube-apiserver orders them. */
export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  if (options.mode === 'AlwaysAllow') return alwaysAllow();
  if (!options.source) throw new Error('RBAC authorization needs a source of RBAC objects');
  const source = options.bootstrapPolicy === false ? options.source : withBootstrapPolicy(options.source);
  return unionAuthorizer(privilegedGroups(SYSTEM_MASTERS), rbacAuthorizer(source));
}
