/**
 * `pnpm soak`: `--duration` (seconds, default 600), `--watches` (default 200), `--storage`
 * file | nacos | both (default both; Nacos is the test server unless NACOS_TEST_URL is set).
 * Loopback only. Prints the report as JSON and exits 1 when a write was lost, a watch event was
 * missing or duplicated, or a 5xx came outside a fault window.
 */
import { parseArgs } from 'node:util';
import { runSoak, type SoakReport } from './soak.js';

const { values } = parseArgs({
  // pnpm passes a `--` separator through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    duration: { type: 'string', default: '600' },
    watches: { type: 'string', default: '200' },
    storage: { type: 'string', default: 'both' },
  },
});
const kinds = values.storage === 'both' ? (['file', 'nacos'] as const) : [values.storage as 'file' | 'nacos'];
const reports: SoakReport[] = [];
for (const storage of kinds) {
  const report = await runSoak({
    storage,
    durationMs: Number(values.duration) * 1000,
    watchers: Number(values.watches),
    log: (line) => console.error(`[${new Date().toISOString()}] ${line}`),
  });
  console.log(JSON.stringify(report, null, 2));
  reports.push(report);
}
const bad = reports.filter(
  (r) =>
    r.lostWrites.length > 0 ||
    r.duplicatedEvents > 0 ||
    r.missingEntries > 0 ||
    r.serverErrorsOutsideFaults > 0,
);
process.exit(bad.length > 0 ? 1 : 0);
