/**
 * Does one set of policy rules cover another? Follows k8s.io/component-helpers
 * auth/rbac/validation/policy_comparator.go (Covers, BreakdownRule, ruleCovers) and, for the
 * missing-rights message, k8s.io/kubernetes pkg/registry/rbac/validation/policy_compact.go
 * (CompactRules) and pkg/apis/rbac/v1/evaluation_helpers.go (CompactString).
 *
 * Each servant rule is broken down into atomic rules (one group, resource, verb and resource name,
 * or one URL and verb); each atomic rule must be covered by a single owner rule.
 */
import type { PolicyRule } from './rbac-types.js';

const ALL = '*';

const rule = (r: Partial<PolicyRule>): PolicyRule => ({
  verbs: r.verbs ?? [],
  apiGroups: r.apiGroups ?? [],
  resources: r.resources ?? [],
  resourceNames: r.resourceNames ?? [],
  nonResourceURLs: r.nonResourceURLs ?? [],
});

/** Upstream BreakdownRule: the equivalent atomic rules. */
export function breakdownRule(r: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of r.apiGroups) {
    for (const resource of r.resources) {
      for (const verb of r.verbs) {
        const base = { apiGroups: [group], resources: [resource], verbs: [verb] };
        if (r.resourceNames.length === 0) out.push(rule(base));
        else for (const name of r.resourceNames) out.push(rule({ ...base, resourceNames: [name] }));
      }
    }
  }
  for (const url of r.nonResourceURLs) {
    for (const verb of r.verbs) out.push(rule({ nonResourceURLs: [url], verbs: [verb] }));
  }
  return out;
}

const hasAll = (set: readonly string[], wanted: readonly string[]) => wanted.every((w) => set.includes(w));

/** Exact names, `*`, or `*\/sub` for a wanted `resource/sub`. */
function resourcesCover(owner: readonly string[], wanted: readonly string[]): boolean {
  if (owner.includes(ALL)) return true;
  return wanted.every((w) => {
    if (owner.includes(w)) return true;
    const slash = w.indexOf('/');
    return slash !== -1 && owner.includes(`*/${w.slice(slash + 1)}`);
  });
}

const urlCovers = (owner: string, path: string) =>
  owner === path || (owner.endsWith(ALL) && path.startsWith(owner.replace(/\*+$/, '')));

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes(ALL) || hasAll(owner.verbs, sub.verbs);
  const groups = owner.apiGroups.includes(ALL) || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourcesCover(owner.resources, sub.resources);
  const urls = sub.nonResourceURLs.every((p) => owner.nonResourceURLs.some((o) => urlCovers(o, p)));
  const names =
    owner.resourceNames.length === 0 ||
    (sub.resourceNames.length > 0 && hasAll(owner.resourceNames, sub.resourceNames));
  return verbs && groups && resources && urls && names;
}

/** Whether `owner` covers `servant`, and the atomic servant rules it does not cover. */
export function covers(
  owner: readonly PolicyRule[],
  servant: readonly PolicyRule[],
): { covered: boolean; missing: PolicyRule[] } {
  const missing = servant.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
  return { covered: missing.length === 0, missing };
}

/**
 * Upstream CompactRules: simple rules (one group, one resource, no names, no URLs) of the same
 * group and resource are merged into one rule with all their verbs; others stay as they are.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const simple = new Map<string, PolicyRule>();
  const out: PolicyRule[] = [];
  for (const r of rules) {
    const isSimple =
      r.apiGroups.length === 1 &&
      r.resources.length === 1 &&
      r.resourceNames.length === 0 &&
      r.nonResourceURLs.length === 0;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0]]);
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...r.verbs.filter((v) => !existing.verbs.includes(v)));
    else {
      const merged = rule({ ...r, verbs: [...r.verbs] });
      simple.set(key, merged);
      out.push(merged);
    }
  }
  return out;
}

/** Go's `%q` of a []string: `["a" "b"]`. */
export const goQuotedList = (values: readonly string[]) =>
  `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;

/** Upstream PolicyRule.CompactString: `{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups.length > 0) parts.push(`APIGroups:${goQuotedList(r.apiGroups)}`);
  if (r.resources.length > 0) parts.push(`Resources:${goQuotedList(r.resources)}`);
  if (r.nonResourceURLs.length > 0) parts.push(`NonResourceURLs:${goQuotedList(r.nonResourceURLs)}`);
  if (r.resourceNames.length > 0) parts.push(`ResourceNames:${goQuotedList(r.resourceNames)}`);
  if (r.verbs.length > 0) parts.push(`Verbs:${goQuotedList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}
