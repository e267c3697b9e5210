/**
 * RBAC privilege-escalation prevention, following k8s.io/kubernetes pkg/registry/rbac
 * (escalation_check.go: EscalationAllowed, RoleEscalationAuthorized, BindingAuthorized), the
 * policy-based storages of roles, clusterroles, rolebindings and clusterrolebindings
 * (pkg/registry/rbac/<kind>/policybased/storage.go) and pkg/registry/rbac/validation/rule.go
 * (ConfirmNoEscalation):
 * - members of system:masters may write anything;
 * - a Role/ClusterRole write passes when the requester may `escalate` that resource, else every
 *   rule it grants must be covered by rules the requester already holds in the namespace;
 *   an aggregationRule (new or old) needs full authority;
 * - a binding write passes when the requester may `bind` the referenced role, else every rule of
 *   that role must be covered by rules the requester already holds in the binding's namespace.
 * Refusals are 403 Forbidden StatusErrors with upstream's wording.
 */
import { badRequest, forbidden, notFound } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { SYSTEM_MASTERS, type UserInfo } from '../authn/types.js';
import { compactRules, compactString, covers, goQuotedList } from './policy-comparator.js';
import { policyRulesFor, type RbacSource, roleReferenceRules } from './rbac.js';
import { type PolicyRule, type RoleRef, roleRefOf, rulesOf } from './rbac-types.js';
import type { Authorizer } from './types.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Upstream AuthorizationRuleResolver over the same RBAC objects the authorizer reads. */
export interface RuleResolver {
  rulesFor(user: UserInfo, namespace: string): Promise<{ rules: PolicyRule[]; errors: string[] }>;
  roleReferenceRules(ref: RoleRef | undefined, namespace: string): Promise<PolicyRule[] | string>;
}

export function rbacRuleResolver(source: RbacSource): RuleResolver {
  return {
    rulesFor: async (user, namespace) => policyRulesFor(await source(), user, namespace),
    roleReferenceRules: async (ref, namespace) => roleReferenceRules(await source(), ref, namespace),
  };
}

/** Who writes what: the requester and the resource of the request (group, plural, namespace, URL name). */
export interface EscalationRequest {
  authorizer: Authorizer;
  resolver: RuleResolver;
  user: UserInfo;
  apiGroup: string;
  resource: string;
  /** The request's namespace; `''` for cluster-scoped kinds. */
  namespace: string;
  /** The object's name (for the 403 message and the `escalate` check on updates). */
  name: string;
}

/**
 * Upstream ConfirmNoEscalation: undefined when `rules` are covered by what `user` holds in
 * `namespace`, else the message naming the missing rights.
 */
export async function confirmNoEscalation(
  resolver: RuleResolver,
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): Promise<string | undefined> {
  const owner = await resolver.rulesFor(user, namespace);
  const { covered, missing } = covers(owner.rules, rules);
  if (covered) return undefined;
  const described = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user ${JSON.stringify(user.username)} (groups=${goQuotedList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${described.join('\n')}`;
  if (owner.errors.length > 0) msg += `; resolution errors: [${owner.errors.join(' ')}]`;
  return msg;
}

const isSuperuser = (user: UserInfo) => user.groups.includes(SYSTEM_MASTERS);

function refused(req: EscalationRequest, why: string) {
  const gr = { group: req.apiGroup, resource: req.resource };
  const qualified = req.apiGroup ? `${req.resource}.${req.apiGroup}` : req.resource;
  const subject = req.name ? `${qualified} ${JSON.stringify(req.name)}` : qualified;
  return forbidden(gr, req.name, `${subject} is forbidden: ${why}`);
}

async function allowed(authorizer: Authorizer, attrs: Parameters<Authorizer['authorize']>[0]) {
  return (await authorizer.authorize(attrs)).decision === 'allow';
}

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] },
  { verbs: ['*'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['*'] },
];

const hasAggregationRule = (obj: KubeObject | undefined) => {
  const rule = obj?.aggregationRule as { clusterRoleSelectors?: unknown } | undefined;
  return Array.isArray(rule?.clusterRoleSelectors) && rule.clusterRoleSelectors.length > 0;
};

/** Checks a create (`old` undefined) or update of a Role/ClusterRole; throws 403 when it escalates. */
export async function checkRoleWrite(
  req: EscalationRequest,
  role: KubeObject,
  old?: KubeObject,
): Promise<void> {
  if (isSuperuser(req.user)) return;
  const escalate = await allowed(req.authorizer, {
    user: req.user,
    verb: 'escalate',
    resourceRequest: true,
    apiGroup: req.apiGroup,
    apiVersion: '*',
    resource: req.resource,
    subresource: '',
    namespace: req.namespace,
    name: old ? req.name : '',
    path: '',
  });
  if (escalate) return;
  const why = await confirmNoEscalation(req.resolver, req.user, req.namespace, rulesOf(role));
  if (why) throw refused(req, why);
  if (hasAggregationRule(role) || hasAggregationRule(old)) {
    const full = await confirmNoEscalation(req.resolver, req.user, req.namespace, FULL_AUTHORITY);
    if (full) throw refused(req, 'must have cluster-admin privileges to use the aggregationRule');
  }
}

const ROLE_RESOURCES: Record<string, { plural: string; singular: string }> = {
  Role: { plural: 'roles', singular: 'role' },
  ClusterRole: { plural: 'clusterroles', singular: 'clusterrole' },
};

/** Checks a create or update of a RoleBinding/ClusterRoleBinding; throws 403 when it escalates. */
export async function checkBindingWrite(req: EscalationRequest, binding: KubeObject): Promise<void> {
  if (isSuperuser(req.user)) return;
  const ref = roleRefOf(binding);
  // An object without a readable roleRef fails validation later and could grant nothing anyway.
  if (!ref) return;
  const target = ROLE_RESOURCES[ref.kind];
  if (!target) throw badRequest(`unsupported role reference kind: ${JSON.stringify(ref.kind)}`);
  const bind = await allowed(req.authorizer, {
    user: req.user,
    verb: 'bind',
    resourceRequest: true,
    apiGroup: ref.apiGroup ?? RBAC_GROUP,
    resource: target.plural,
    subresource: '',
    namespace: req.namespace,
    name: ref.name,
    path: '',
  });
  if (bind) return;
  const rules = await req.resolver.roleReferenceRules(ref, req.namespace);
  if (typeof rules === 'string') throw notFound({ group: RBAC_GROUP, resource: target.singular }, ref.name);
  const why = await confirmNoEscalation(req.resolver, req.user, req.namespace, rules);
  if (why) throw refused(req, why);
}
