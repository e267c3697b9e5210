#!/usr/bin/env node
/**
 * `pnpm conformance [filter]`: starts both servers, runs the scenarios (those whose name contains
 * `filter`), prints a table per scenario and the summary line. Exit 1 on an unexplained defect.
 */
import { kubeApiserverMissing } from '@hs/peers';
import { runConformance } from './conformance.js';
import { causeLines, scenarioTable, summarise, summaryLine } from './report.js';
import { allScenarios } from './scenarios/index.js';
import { startTargets } from './targets.js';

const missing = kubeApiserverMissing();
if (missing) {
  console.error(`conformance: ${missing}`);
  process.exit(1);
}
const filter = process.argv.slice(2).filter((a) => a !== '--')[0];
const scenarios = allScenarios().filter((s) => !filter || s.name.includes(filter));
const targets = await startTargets();
try {
  const results = await runConformance(targets, scenarios, (r) =>
    console.log(scenarioTable(r.name, r.results, process.env.CONFORMANCE_VERBOSE === '1')),
  );
  const summary = summarise(
    results.flatMap((r) => r.results),
    results.length,
  );
  console.log(`\noperations per cause:\n${causeLines(results.flatMap((r) => r.results))}`);
  console.log(`\n${summaryLine(summary)}`);
  process.exitCode = summary.defects - summary.knownDefects > 0 ? 1 : 0;
} finally {
  await targets.stop();
}
