/**
 * Rule matching, following k8s.io/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go and
 * plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows, appliesToUser).
 */

import { matchesServiceAccount } from '../authn/service-account.js';
import type { UserInfo } from '../authn/types.js';
import type { PolicyRule, Subject } from './rbac-types.js';
import type { Attributes } from './types.js';

const ALL = '*';

export const verbMatches = (rule: PolicyRule, verb: string) =>
  rule.verbs.some((v) => v === ALL || v === verb);

export const apiGroupMatches = (rule: PolicyRule, group: string) =>
  rule.apiGroups.some((g) => g === ALL || g === group);

/** `combined` is `resource` or `resource/subresource`; `*\/sub` matches any resource's `sub`. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === ALL || r === combined) return true;
    if (subresource === '') continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export const resourceNameMatches = (rule: PolicyRule, name: string) =>
  rule.resourceNames.length === 0 || rule.resourceNames.includes(name);

/** Exact, `*`, or a prefix rule ending in `*` (`/healthz/*`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === ALL || u === path) return true;
    if (u.endsWith(ALL) && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(attrs: Attributes, rule: PolicyRule): boolean {
  if (attrs.resourceRequest) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, combined, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

/** Does `subject` of a binding in `namespace` (`''` for cluster bindings) name `user`? */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // a subject without namespace defaults to the binding's namespace
      const ns = subject.namespace || namespace;
      return ns !== '' && matchesServiceAccount(ns, subject.name, user.username);
    }
    default:
      return false;
  }
}

/** Upstream describeSubject, used in "allowed by" reasons. */
export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') {
    return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  }
  return `${s.kind} ${JSON.stringify(s.name)}`;
}
