import type Docker from 'dockerode';
import { stackStatus } from '../docker/stack.js';
import { stackCertificates } from '../docker/stack-certificates.js';

const DAY_MS = 86_400_000;

/**
 * `status`: one line per container (state, health, a one-shot's exit code), then the expiry of
 * every certificate the stack's initializer issued.
 */
export async function printStatus(
  docker: Docker,
  projectName: string,
  out: (line: string) => void,
  now = new Date(),
): Promise<void> {
  const rows = await stackStatus(docker, projectName);
  if (rows.length === 0) {
    out(`no containers of project ${projectName}`);
    return;
  }
  for (const row of rows) {
    const state = row.exitCode === undefined ? row.state : `${row.state} (${row.exitCode})`;
    out(`${row.service.padEnd(12)} ${state.padEnd(12)} ${row.health}`.trimEnd());
  }
  const certificates = await stackCertificates(docker, projectName);
  if (certificates.length === 0) return;
  out('certificates (issued by init):');
  const width = Math.max(...certificates.map((c) => c.path.length));
  for (const c of certificates) {
    const days = Math.floor((c.notAfter.getTime() - now.getTime()) / DAY_MS);
    const when = days < 0 ? `EXPIRED ${-days} day(s) ago` : `in ${days} day(s)`;
    out(
      `  ${c.path.padEnd(width)}  expires ${c.notAfter.toISOString().slice(0, 10)} (${when})  ${c.subject}`,
    );
  }
}
