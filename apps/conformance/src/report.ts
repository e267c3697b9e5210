/** The per-scenario tables and the summary line. */
import type { OpResult, Verdict } from './compare.js';
import { short } from './diff.js';

const MARK: Record<Verdict, string> = {
  identical: 'identical',
  explained: 'explained',
  defect: 'DEFECT',
  'known defect': 'DEFECT (known)',
};

/** `verbose`: every difference, values in full (CONFORMANCE_VERBOSE=1 in `pnpm conformance`). */
export function scenarioTable(name: string, results: OpResult[], verbose = false): string {
  const lines = [`\n## ${name}`];
  const width = Math.min(70, Math.max(...results.map((r) => r.request.length), 10));
  for (const r of results) {
    const request = r.request.length > width ? `${r.request.slice(0, width - 1)}…` : r.request.padEnd(width);
    const note =
      r.verdict === 'identical'
        ? r.project
          ? ` (projected: ${r.project})`
          : ''
        : ` ${r.explanations.join('; ')}`;
    lines.push(`  ${r.id.padEnd(18)} ${request}  ${MARK[r.verdict]}${note}`);
    if (r.verdict === 'defect' || r.verdict === 'known defect')
      for (const d of verbose ? r.unexplained : r.unexplained.slice(0, 8)) {
        const max = verbose ? Number.POSITIVE_INFINITY : 80;
        lines.push(`      ${d.path}: ours ${short(d.ours, max)} | kube ${short(d.kube, max)}`);
      }
  }
  return lines.join('\n');
}

export interface Summary {
  operations: number;
  identical: number;
  explained: number;
  defects: number;
  knownDefects: number;
  scenarios: number;
}

export function summarise(all: OpResult[], scenarios: number): Summary {
  const count = (v: Verdict) => all.filter((r) => r.verdict === v).length;
  return {
    operations: all.length,
    identical: count('identical'),
    explained: count('explained'),
    defects: count('defect') + count('known defect'),
    knownDefects: count('known defect'),
    scenarios,
  };
}

export function summaryLine(s: Summary): string {
  return `conformance: ${s.operations} operations compared in ${s.scenarios} scenarios: ${s.identical} identical, ${s.explained} explained differences, ${s.defects} defects${s.knownDefects ? ` (${s.knownDefects} known)` : ''}`;
}

/** Operations per explanation or known-defect cause (an operation counts once per cause it has). */
export function causeCounts(all: OpResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of all)
    if (r.verdict === 'explained' || r.verdict === 'known defect')
      for (const id of new Set(r.explanations)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

export function causeLines(all: OpResult[]): string {
  return [...causeCounts(all)].map(([id, n]) => `  ${String(n).padStart(4)}  ${id}`).join('\n');
}
