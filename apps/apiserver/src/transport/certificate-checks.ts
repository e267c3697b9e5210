/**
 * `/readyz` lines for the certificates the server currently uses: `serving-cert` (the leaf it
 * presents) and `client-ca` (the bundle client certificates are verified against). A certificate
 * inside the warning window of @hs/pki's expiry rule passes with a warning; an expired serving
 * certificate, or a client CA bundle whose every certificate expired, fails readiness (nobody can
 * connect or authenticate any more).
 */
import type { X509Certificate } from 'node:crypto';
import { describeTimeLeft, expiryOf, parseCertificates } from '@hs/pki';
import type { CheckResult, ReadyCheck } from '../discovery/health.js';

export interface ServedCertificates {
  cert: string | Buffer;
  ca?: string | Buffer | undefined;
}

const subjectOf = (c: X509Certificate) => c.subject.split('\n').join(', ');

function describe(c: X509Certificate, now: Date): { state: string; text: string } {
  const e = expiryOf(new Date(c.validTo), now);
  return {
    state: e.state,
    text: `${subjectOf(c)} notAfter ${e.notAfter.toISOString()} (${describeTimeLeft(e.msLeft)})`,
  };
}

function judge(certs: X509Certificate[], now: Date, failWhen: 'any' | 'all'): CheckResult {
  const seen = certs.map((c) => describe(c, now));
  const expired = seen.filter((s) => s.state === 'expired');
  const due = seen.filter((s) => s.state !== 'ok');
  if (expired.length > 0 && (failWhen === 'any' || expired.length === seen.length)) {
    return { ok: false, reason: `expired: ${expired.map((s) => s.text).join('; ')}` };
  }
  if (due.length > 0) return { ok: true, warning: `renew soon: ${due.map((s) => s.text).join('; ')}` };
  return { ok: true };
}

export function certificateChecks(
  current: () => ServedCertificates,
  now: () => Date = () => new Date(),
): ReadyCheck[] {
  const safely = (fn: () => CheckResult): CheckResult => {
    try {
      return fn();
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  };
  return [
    {
      name: 'serving-cert',
      check: () =>
        safely(() =>
          judge([parseCertificates(current().cert.toString(), 'serving certificate')[0]!], now(), 'any'),
        ),
    },
    {
      name: 'client-ca',
      check: () =>
        safely(() => {
          const ca = current().ca;
          if (!ca) return { ok: true };
          return judge(parseCertificates(ca.toString(), 'client CA bundle'), now(), 'all');
        }),
    },
  ];
}
