import { kubeApiserverMissing } from '@hs/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance, type ScenarioResult } from './conformance.js';
import { KNOWN_DEFECTS } from './known-defects.js';
import { scenarioTable, summarise, summaryLine } from './report.js';
import { startTargets, type Targets } from './targets.js';

const missing = kubeApiserverMissing();
if (missing) console.log(`skipping the differential conformance suite: ${missing}`);

describe.skipIf(missing)('differential conformance against kube-apiserver', () => {
  let targets: Targets;
  let results: ScenarioResult[];

  beforeAll(async () => {
    targets = await startTargets();
    results = await runConformance(targets);
    const all = results.flatMap((r) => r.results);
    // The report: one table per scenario and the summary line.
    console.log(results.map((r) => scenarioTable(r.name, r.results)).join('\n'));
    console.log(`\n${summaryLine(summarise(all, results.length))}`);
  }, 900_000);

  afterAll(() => targets?.stop());

  it('compares at least 400 operations', () => {
    expect(results.flatMap((r) => r.results).length).toBeGreaterThanOrEqual(400);
  });

  it('finds no defect beyond the known ones', () => {
    const defects = results.flatMap((s) =>
      s.results.filter((r) => r.verdict === 'defect').map((r) => `${s.name} / ${r.id}: ${r.request}`),
    );
    expect(defects).toEqual([]);
  });

  it('still finds each known defect (a fixed one leaves the list)', () => {
    const known = new Set(
      results.flatMap((s) =>
        s.results.filter((r) => r.verdict === 'known defect').map((r) => `${s.name}/${r.id}`),
      ),
    );
    expect(KNOWN_DEFECTS.map((k) => `${k.scenario}/${k.op}`).filter((k) => !known.has(k))).toEqual([]);
  });
});
