import type { Inventory } from '@hs/initializer';
import { describeTimeLeft, EXPIRY_WARNING_DAYS } from '@hs/pki';

/**
 * The expiry table `status` prints: one line per certificate and token (file, notAfter, time
 * left, subject), then one WARNING line for each inside the warning window (@hs/pki's rule).
 */
export function printCredentials(inventory: Inventory, out: (line: string) => void): void {
  const { entries, problems } = inventory;
  if (entries.length === 0 && problems.length === 0) return;
  out(`certificates and tokens (issued by init; warnings from ${EXPIRY_WARNING_DAYS} days before expiry):`);
  const width = Math.max(...entries.map((e) => e.file.length), 4);
  for (const e of entries) {
    out(
      `  ${e.file.padEnd(width)}  ${e.notAfter.toISOString()}  ${describeTimeLeft(e.expiry.msLeft).padEnd(18)}  ${e.kind === 'token' ? 'token ' : ''}${e.subject}`,
    );
  }
  for (const p of problems) out(`  ${p.file}: unreadable: ${p.problem}`);
  for (const e of entries.filter((x) => x.expiry.state !== 'ok')) {
    const what = e.ca
      ? 'run `higress-standalone renew --rotate-ca` (apiserver CA)'
      : 'run `higress-standalone renew`';
    out(
      `WARNING: ${e.file} (${e.name}) ${e.expiry.state === 'expired' ? 'has expired' : 'expires'} ${describeTimeLeft(e.expiry.msLeft)}: ${what}`,
    );
  }
}
