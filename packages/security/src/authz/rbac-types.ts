/**
 * The rbac.authorization.k8s.io/v1 shapes the evaluator reads, and defensive readers that turn
 * stored plain objects into them (malformed entries are dropped, never trusted).
 */
import type { KubeObject } from '@hs/resources';

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup?: string;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  if (!role || !Array.isArray(role.rules)) return [];
  const out: PolicyRule[] = [];
  for (const raw of role.rules) {
    const r = record(raw);
    if (!r) continue;
    out.push({
      verbs: strings(r.verbs),
      apiGroups: strings(r.apiGroups),
      resources: strings(r.resources),
      resourceNames: strings(r.resourceNames),
      nonResourceURLs: strings(r.nonResourceURLs),
    });
  }
  return out;
}

export function subjectsOf(binding: KubeObject): Subject[] {
  if (!Array.isArray(binding.subjects)) return [];
  const out: Subject[] = [];
  for (const raw of binding.subjects) {
    const s = record(raw);
    if (!s || typeof s.kind !== 'string' || typeof s.name !== 'string') continue;
    out.push({
      kind: s.kind,
      name: s.name,
      ...(typeof s.namespace === 'string' ? { namespace: s.namespace } : {}),
      ...(typeof s.apiGroup === 'string' ? { apiGroup: s.apiGroup } : {}),
    });
  }
  return out;
}

export function roleRefOf(binding: KubeObject): RoleRef | undefined {
  const r = record(binding.roleRef);
  if (!r || typeof r.kind !== 'string' || typeof r.name !== 'string') return undefined;
  return { kind: r.kind, name: r.name, ...(typeof r.apiGroup === 'string' ? { apiGroup: r.apiGroup } : {}) };
}
