/** The per-scenario tables and the summary line. */
import type { OpResult, Verdict } from './compare.js';
import { short } from './diff.js';

const MARK: Record<Verdict, string> = {
  identical: 'identical',
  explained: 'explained',
  defect: 'DEFECT',
  'known defect': 'DEFECT (known)',
};

export function scenarioTable(name: string, results: OpResult[]): string {
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
      for (const d of r.unexplained.slice(0, 8))
        lines.push(`      ${d.path}: ours ${short(d.ours)} | kube ${short(d.kube)}`);
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
