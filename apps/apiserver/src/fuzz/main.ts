/**
 * `pnpm fuzz`: the long campaign. `--seed` (default 17), `--runs` per property (default 2,000),
 * `--time-box` seconds per property (default 60). Prints one line per family and exits 1 when
 * any invariant broke, with the shrunk request.
 */
import { parseArgs } from 'node:util';
import { runCampaign } from './campaign.js';

const { values } = parseArgs({
  // pnpm passes a `--` separator through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    seed: { type: 'string', default: '17' },
    runs: { type: 'string', default: '2000' },
    'time-box': { type: 'string', default: '60' },
  },
});
const started = Date.now();
const result = await runCampaign({
  seed: Number(values.seed),
  numRuns: Number(values.runs),
  timeLimitMs: Number(values['time-box']) * 1000,
});
let total = 0;
let failures = 0;
console.log(`seed ${values.seed}; ${result.operations} OpenAPI operations`);
for (const f of result.families) {
  total += f.requests;
  const codes = Object.entries(f.byStatus)
    .map(([code, n]) => `${code}:${n}`)
    .join(' ');
  console.log(
    `${f.failure ? 'FAIL' : 'ok  '} ${f.family.padEnd(30)} ${String(f.requests).padStart(6)} requests  ${codes}`,
  );
  if (f.failure) {
    failures++;
    console.log(JSON.stringify(f.failure, null, 2));
  }
}
console.log(
  `${total} requests, ${failures} failing properties, ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(failures > 0 ? 1 : 0);
