/**
 * The RBAC authorizer, following k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go and
 * pkg/registry/rbac/validation/rule.go (DefaultRuleResolver.VisitRulesFor): ClusterRoleBindings
 * grant their ClusterRole everywhere; RoleBindings in the request's namespace grant their Role
 * (same namespace) or ClusterRole in that namespace only. RBAC only ever allows: anything not
 * granted is "no-opinion" (the union turns it into a denial), with the resolution errors (e.g. a
 * binding to a missing role) as reason, as upstream.
 *
 * The source returns the current objects. Indexes are cached per snapshot object, so a source that
 * returns the same snapshot until something changes costs one index build per change.
 */
import type { KubeObject } from '@hs/resources';
import type { UserInfo } from '../authn/types.js';
import { appliesToUser, describeSubject, ruleAllows } from './rbac-rules.js';
import { type PolicyRule, type RoleRef, roleRefOf, rulesOf, type Subject, subjectsOf } from './rbac-types.js';
import type { Attributes, AuthorizationResult, Authorizer, SubjectRules } from './types.js';

export interface RbacSnapshot {
  roles: readonly KubeObject[];
  clusterRoles: readonly KubeObject[];
  roleBindings: readonly KubeObject[];
  clusterRoleBindings: readonly KubeObject[];
}

export type RbacSource = () => RbacSnapshot | Promise<RbacSnapshot>;

interface IndexedBinding {
  name: string;
  namespace: string;
  roleRef: RoleRef | undefined;
  subjects: Subject[];
}

interface RbacIndex {
  clusterRoles: Map<string, PolicyRule[]>;
  /** key `namespace/name` */
  roles: Map<string, PolicyRule[]>;
  clusterRoleBindings: IndexedBinding[];
  roleBindingsByNamespace: Map<string, IndexedBinding[]>;
}

const indexes = new WeakMap<RbacSnapshot, RbacIndex>();

const bindingOf = (b: KubeObject): IndexedBinding => ({
  name: b.metadata.name ?? '',
  namespace: b.metadata.namespace ?? '',
  roleRef: roleRefOf(b),
  subjects: subjectsOf(b),
});

function indexOf(snapshot: RbacSnapshot): RbacIndex {
  let index = indexes.get(snapshot);
  if (index) return index;
  index = {
    clusterRoles: new Map(snapshot.clusterRoles.map((r) => [r.metadata.name ?? '', rulesOf(r)])),
    roles: new Map(
      snapshot.roles.map((r) => [`${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}`, rulesOf(r)]),
    ),
    clusterRoleBindings: snapshot.clusterRoleBindings.map(bindingOf),
    roleBindingsByNamespace: new Map(),
  };
  for (const rb of snapshot.roleBindings) {
    const b = bindingOf(rb);
    const list = index.roleBindingsByNamespace.get(b.namespace);
    if (list) list.push(b);
    else index.roleBindingsByNamespace.set(b.namespace, [b]);
  }
  indexes.set(snapshot, index);
  return index;
}

/** Upstream GetRoleReferenceRules: a Role is looked up in the binding's namespace. */
function roleRules(
  index: RbacIndex,
  ref: RoleRef | undefined,
  bindingNamespace: string,
): PolicyRule[] | string {
  if (!ref) return 'binding has no valid roleRef';
  if (ref.kind === 'ClusterRole') {
    return (
      index.clusterRoles.get(ref.name) ?? `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found`
    );
  }
  if (ref.kind === 'Role') {
    return (
      index.roles.get(`${bindingNamespace}/${ref.name}`) ??
      `role.rbac.authorization.k8s.io "${ref.name}" not found`
    );
  }
  return `unsupported role reference kind: "${ref.kind}"`;
}

/** Evaluates `attrs` against one snapshot (exported for tests and for rules reviews). */
export function evaluateRbac(snapshot: RbacSnapshot, attrs: Attributes): AuthorizationResult {
  const index = indexOf(snapshot);
  const errors: string[] = [];
  const visit = (binding: IndexedBinding, kind: 'ClusterRoleBinding' | 'RoleBinding'): string | undefined => {
    const ns = kind === 'ClusterRoleBinding' ? '' : binding.namespace;
    const subject = binding.subjects.find((s) => appliesToUser(attrs.user, s, ns));
    if (!subject) return undefined;
    const rules = roleRules(index, binding.roleRef, ns);
    if (typeof rules === 'string') {
      errors.push(rules);
      return undefined;
    }
    if (!rules.some((r) => ruleAllows(attrs, r))) return undefined;
    const bindingName = kind === 'ClusterRoleBinding' ? binding.name : `${binding.name}/${binding.namespace}`;
    return `RBAC: allowed by ${kind} ${JSON.stringify(bindingName)} of ${binding.roleRef?.kind} ${JSON.stringify(
      binding.roleRef?.name,
    )} to ${describeSubject(subject, ns)}`;
  };
  for (const b of index.clusterRoleBindings) {
    const reason = visit(b, 'ClusterRoleBinding');
    if (reason) return { decision: 'allow', reason };
  }
  if (attrs.namespace) {
    for (const b of index.roleBindingsByNamespace.get(attrs.namespace) ?? []) {
      const reason = visit(b, 'RoleBinding');
      if (reason) return { decision: 'allow', reason };
    }
  }
  if (errors.length === 0) return { decision: 'no-opinion', reason: '' };
  const aggregate = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
  return { decision: 'no-opinion', reason: `RBAC: ${aggregate}`, evaluationError: aggregate };
}

/**
 * The rules `user` holds in `namespace` (cluster-wide ones included), as upstream RBACAuthorizer
 * RulesFor: each policy rule becomes a resource rule and/or a non-resource rule.
 */
export function rbacRulesFor(snapshot: RbacSnapshot, user: UserInfo, namespace: string): SubjectRules {
  const index = indexOf(snapshot);
  const out: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
  const errors: string[] = [];
  const collect = (binding: IndexedBinding, ns: string) => {
    if (!binding.subjects.some((s) => appliesToUser(user, s, ns))) return;
    const rules = roleRules(index, binding.roleRef, ns);
    if (typeof rules === 'string') {
      errors.push(rules);
      return;
    }
    for (const r of rules) {
      if (r.resources.length > 0) {
        out.resourceRules.push({
          verbs: r.verbs,
          apiGroups: r.apiGroups,
          resources: r.resources,
          ...(r.resourceNames.length > 0 ? { resourceNames: r.resourceNames } : {}),
        });
      }
      if (r.nonResourceURLs.length > 0)
        out.nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    }
  };
  for (const b of index.clusterRoleBindings) collect(b, '');
  if (namespace) for (const b of index.roleBindingsByNamespace.get(namespace) ?? []) collect(b, namespace);
  if (errors.length > 0) {
    out.incomplete = true;
    out.evaluationError = errors.join(', ');
  }
  return out;
}

/**
 * Upstream DefaultRuleResolver.RulesFor: every policy rule `user` holds in `namespace` (cluster
 * bindings and, for a namespace, its RoleBindings), with the resolution errors met on the way.
 */
export function policyRulesFor(
  snapshot: RbacSnapshot,
  user: UserInfo,
  namespace: string,
): { rules: PolicyRule[]; errors: string[] } {
  const index = indexOf(snapshot);
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  const collect = (binding: IndexedBinding, ns: string) => {
    if (!binding.subjects.some((s) => appliesToUser(user, s, ns))) return;
    const found = roleRules(index, binding.roleRef, ns);
    if (typeof found === 'string') errors.push(found);
    else rules.push(...found);
  };
  for (const b of index.clusterRoleBindings) collect(b, '');
  if (namespace) for (const b of index.roleBindingsByNamespace.get(namespace) ?? []) collect(b, namespace);
  return { rules, errors };
}

/** Upstream GetRoleReferenceRules: the rules of the role a binding in `namespace` names, or why not. */
export function roleReferenceRules(
  snapshot: RbacSnapshot,
  ref: RoleRef | undefined,
  namespace: string,
): PolicyRule[] | string {
  return roleRules(indexOf(snapshot), ref, namespace);
}

export function rbacAuthorizer(source: RbacSource): Authorizer {
  return {
    async authorize(attrs) {
      return evaluateRbac(await source(), attrs);
    },
    async rulesFor(user, namespace) {
      return rbacRulesFor(await source(), user, namespace);
    },
  };
}
