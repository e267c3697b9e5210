import { readFileSync } from 'node:fs';
import { kubeApiserverMissing } from '@hs/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpResult } from './compare.js';
import { runConformance } from './conformance.js';
import { EXPLANATIONS } from './explained.js';
import { KNOWN_DEFECTS } from './known-defects.js';
import { causeLines, summarise, summaryLine } from './report.js';
import { allScenarios } from './scenarios/index.js';
import { startTargets, type Targets } from './targets.js';

// The zero-defect gate: every scenario against a real kube-apiserver on etcd. Runs when the
// kube-apiserver peer is built and etcd is installed (CI does both), else skips saying why.
const missing = kubeApiserverMissing();
if (missing) console.log(`conformance gate skipped: ${missing}`);

describe.skipIf(missing !== undefined)('differential conformance against kube-apiserver', () => {
  let targets: Targets;
  let all: OpResult[] = [];
  let scenarios = 0;

  beforeAll(async () => {
    targets = await startTargets();
    const results = await runConformance(targets, allScenarios());
    all = results.flatMap((r) => r.results);
    scenarios = results.length;
  }, 600_000);

  afterAll(async () => {
    await targets?.stop();
  });

  it('finds no defect outside the explained differences and the known-defect causes', () => {
    const summary = summarise(all, scenarios);
    console.log(summaryLine(summary));
    console.log(`operations per cause:\n${causeLines(all)}`);
    const used = new Set(all.flatMap((r) => r.explanations));
    for (const e of EXPLANATIONS.filter((x) => used.has(x.id))) console.log(`explained: ${e.id}: ${e.why}`);
    for (const k of KNOWN_DEFECTS.filter((x) => used.has(x.id)))
      console.log(`known defect: ${k.id}: ${k.why}`);
    const defects = all
      .filter((r) => r.verdict === 'defect')
      .map((r) => `${r.scenario} ${r.id}: ${JSON.stringify(r.unexplained.slice(0, 3))}`);
    expect(defects).toEqual([]);
    expect(summary.operations).toBeGreaterThan(400);
  });

  it('has no known-defect cause left that no longer matches anything', () => {
    const used = new Set(all.filter((r) => r.verdict === 'known defect').flatMap((r) => r.explanations));
    expect(KNOWN_DEFECTS.map((k) => k.id).filter((id) => !used.has(id))).toEqual([]);
  });
});

describe('docs/compatibility.md', () => {
  it('lists every explained difference and every known-defect cause', () => {
    const doc = readFileSync(new URL('../../../docs/compatibility.md', import.meta.url), 'utf8');
    const ids = [...EXPLANATIONS, ...KNOWN_DEFECTS].map((x) => x.id);
    expect(ids.filter((id) => !doc.includes(`\`${id}\``))).toEqual([]);
  });
});
