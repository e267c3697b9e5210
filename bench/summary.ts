/**
 * `pnpm bench` runs every workspace's `bench` script (turbo, one at a time so they do not compete
 * for the two cores), each writing `bench-results/<suite>.json`; this script then prints every
 * figure of every suite as one table and writes `bench-results/summary.json`.
 *
 * The suites' files differ in shape, so figures are read generically: every numeric leaf is a row
 * named by its JSON path, and rows whose path mentions a ratio, a target or pass/fail are kept
 * beside them so a reader sees each figure next to its ceiling and target.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(import.meta.dirname, '..', 'bench-results');

interface Row {
  suite: string;
  figure: string;
  value: number | boolean | string;
}

function flatten(suite: string, value: unknown, path: string, rows: Row[]): void {
  if (typeof value === 'number' || typeof value === 'boolean') {
    rows.push({ suite, figure: path, value });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const label =
        item && typeof item === 'object' && 'name' in item
          ? String((item as { name: unknown }).name)
          : String(i);
      flatten(suite, item, path ? `${path}[${label}]` : label, rows);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'name') continue;
      flatten(suite, child, path ? `${path}.${key}` : key, rows);
    }
  }
}

const files = readdirSync(resultsDir)
  .filter((f) => f.endsWith('.json') && f !== 'summary.json')
  .sort();
if (files.length === 0) {
  console.error(`no results in ${resultsDir}: did the workspace benches run?`);
  process.exit(1);
}
const rows: Row[] = [];
for (const file of files) {
  const suite = file.replace(/\.json$/, '');
  flatten(suite, JSON.parse(readFileSync(join(resultsDir, file), 'utf8')), '', rows);
}

const width = Math.max(...rows.map((r) => `${r.suite}  ${r.figure}`.length));
for (const row of rows) {
  const value = typeof row.value === 'number' ? Number(row.value.toFixed(3)).toString() : String(row.value);
  console.log(`${`${row.suite}  ${row.figure}`.padEnd(width)}  ${value}`);
}
writeFileSync(
  join(resultsDir, 'summary.json'),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2)}\n`,
);
console.log(`\n${rows.length} figures from ${files.length} suites → bench-results/summary.json`);
