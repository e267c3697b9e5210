/** Pairs the two sides' observations and classifies each operation. */
import { type Difference, differences } from './diff.js';
import { EXPLANATIONS, type Explanation } from './explained.js';
import { KNOWN_DEFECTS } from './known-defects.js';
import type { Observation } from './run.js';

export type Verdict = 'identical' | 'explained' | 'defect' | 'known defect';

export interface OpResult {
  scenario: string;
  id: string;
  request: string;
  verdict: Verdict;
  /** Explanations that cover the differences (explained), or the unexplained differences (defect). */
  explanations: string[];
  unexplained: Difference[];
  project?: string | undefined;
}

export interface OpRef {
  scenario: string;
  id: string;
  request: string;
}

const covers = (e: Explanation, d: Difference, op: OpRef) => e.applies(d, op);

export function compareScenario(scenario: string, ours: Observation[], kube: Observation[]): OpResult[] {
  const out: OpResult[] = [];
  for (let i = 0; i < Math.max(ours.length, kube.length); i++) {
    const o = ours[i];
    const k = kube[i];
    const ref: OpRef = { scenario, id: o?.id ?? k?.id ?? `#${i}`, request: o?.request ?? k?.request ?? '' };
    const diffs = differences(o?.value, k?.value);
    const used = new Set<string>();
    const unexplained = diffs.filter((d) => {
      const e = EXPLANATIONS.find((x) => covers(x, d, ref));
      if (e) used.add(e.id);
      return !e;
    });
    const known = new Set<string>();
    const unknown = unexplained.filter((d) => {
      const k = KNOWN_DEFECTS.find((x) => x.applies(d, ref));
      if (k) known.add(k.id);
      return !k;
    });
    let verdict: Verdict =
      diffs.length === 0 ? 'identical' : unexplained.length === 0 ? 'explained' : 'defect';
    if (verdict === 'defect' && unknown.length === 0) verdict = 'known defect';
    out.push({
      ...ref,
      verdict,
      explanations: verdict === 'known defect' ? [...used, ...known] : [...used],
      // A defect lists the differences no known-defect rule covers; a known defect lists them all.
      unexplained: verdict === 'defect' ? unknown : unexplained,
      project: o?.project,
    });
  }
  return out;
}
