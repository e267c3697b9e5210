/**
 * Soundness of the rule comparator against the evaluator, the property escalation prevention
 * rests on: whenever `covers(owner, [servant])` says yes, every request the servant rule allows is
 * allowed by some owner rule. Checked on 20,000 random rule pairs (fixed seed) over a small
 * universe of verbs, groups, resources with subresources and wildcards, names and URLs, against
 * every request of that universe.
 */
import { describe, expect, it } from 'vitest';
import { covers } from './policy-comparator.js';
import { ruleAllows } from './rbac-rules.js';
import type { PolicyRule } from './rbac-types.js';
import type { Attributes } from './types.js';

/** mulberry32: a tiny seeded PRNG, so failures reproduce. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['get', 'list', '*'];
const GROUPS = ['', 'apps', '*'];
const RESOURCES = ['pods', 'secrets', 'pods/status', '*/status', '*'];
const NAMES = ['a', 'b'];
const URLS = ['/healthz', '/healthz/*', '*'];

const user = { username: 'u', groups: [] };
const requests: Attributes[] = [];
for (const verb of ['get', 'list', 'create']) {
  for (const apiGroup of ['', 'apps', 'x']) {
    for (const resource of ['pods', 'secrets']) {
      for (const subresource of ['', 'status']) {
        for (const name of ['', 'a', 'b']) {
          requests.push({
            user,
            verb,
            resourceRequest: true,
            apiGroup,
            resource,
            subresource,
            namespace: '',
            name,
            path: '',
          });
        }
      }
    }
  }
  for (const path of ['/healthz', '/healthz/db', '/metrics']) {
    requests.push({
      user,
      verb,
      resourceRequest: false,
      apiGroup: '',
      resource: '',
      subresource: '',
      namespace: '',
      name: '',
      path,
    });
  }
}

function subset(rand: () => number, from: readonly string[], p: number): string[] {
  return from.filter(() => rand() < p);
}

function randomRule(rand: () => number): PolicyRule {
  const nonResource = rand() < 0.25;
  return {
    verbs: subset(rand, VERBS, 0.45),
    apiGroups: nonResource ? [] : subset(rand, GROUPS, 0.45),
    resources: nonResource ? [] : subset(rand, RESOURCES, 0.35),
    resourceNames: nonResource || rand() < 0.6 ? [] : subset(rand, NAMES, 0.5),
    nonResourceURLs: nonResource ? subset(rand, URLS, 0.5) : [],
  };
}

describe('covers is sound against ruleAllows', () => {
  it('never claims coverage for a servant rule allowing a request no owner rule allows', () => {
    const rand = prng(17);
    let coveredPairs = 0;
    for (let i = 0; i < 20_000; i++) {
      const owner = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomRule(rand));
      const servant = randomRule(rand);
      if (!covers(owner, [servant]).covered) continue;
      coveredPairs++;
      for (const req of requests) {
        if (!ruleAllows(req, servant)) continue;
        const held = owner.some((o) => ruleAllows(req, o));
        if (!held) expect({ owner, servant, req: { ...req, user: undefined } }).toBe('covered but not held');
      }
    }
    // the property was exercised on a good share of non-trivial pairs
    expect(coveredPairs).toBeGreaterThan(2_000);
  });
});
