/** Runs every scenario on both sides (the two sides in parallel) and compares. */
import { compareScenario, type OpResult } from './compare.js';
import { SideRunner } from './run.js';
import type { Scenario } from './scenario.js';
import { allScenarios } from './scenarios/index.js';
import type { Targets } from './targets.js';

export interface ScenarioResult {
  name: string;
  results: OpResult[];
}

export async function runConformance(
  targets: Pick<Targets, 'ours' | 'kube'>,
  scenarios: Scenario[] = allScenarios(),
  onScenario?: (r: ScenarioResult) => void,
): Promise<ScenarioResult[]> {
  const ours = new SideRunner(targets.ours);
  const kube = new SideRunner(targets.kube);
  const out: ScenarioResult[] = [];
  try {
    for (const scenario of scenarios) {
      const [o, k] = await Promise.all([ours.run(scenario), kube.run(scenario)]);
      const r = { name: scenario.name, results: compareScenario(scenario.name, o, k) };
      out.push(r);
      onScenario?.(r);
    }
  } finally {
    await ours.close();
    await kube.close();
  }
  return out;
}
