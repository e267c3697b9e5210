/** `/readyz?verbose` reports the served certificate's and client CA's expiry, as kube-apiserver lines. */
import { generateKeyPairSync } from 'node:crypto';
import { issueCertificate } from '@hs/pki';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { startServer } from '../start-server.js';
import { httpsJson } from '../testing/https-client.js';
import { testPki } from '../testing/test-pki.js';
import { certificateChecks } from './certificate-checks.js';

const DAY = 86_400_000;

function selfSigned(cn: string, notBefore: Date, days: number): string {
  const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  return issueCertificate({
    subject: { CN: cn },
    subjectKey: key,
    validityDays: days,
    ca: {},
    keyUsage: ['digitalSignature', 'keyCertSign'],
    now: notBefore,
  });
}

async function readyz(cert: string, ca: string | undefined, query = '?verbose') {
  const app = await buildServer({
    storage: { type: 'memory' },
    readyChecks: certificateChecks(() => ({ cert, ca })),
  });
  try {
    const res = await app.inject(`/readyz${query}`);
    return { status: res.statusCode, body: res.body };
  } finally {
    await app.close();
  }
}

describe('certificate readiness checks', () => {
  it('prints [+]name ok for certificates far from expiry, and plain ok without ?verbose', async () => {
    const now = new Date();
    const cert = selfSigned('serving', now, 365);
    const ca = selfSigned('ca', now, 3650);
    expect(await readyz(cert, ca)).toEqual({
      status: 200,
      body: '[+]ping ok\n[+]storage ok\n[+]serving-cert ok\n[+]client-ca ok\nreadyz check passed\n',
    });
    expect(await readyz(cert, ca, '')).toEqual({ status: 200, body: 'ok' });
    expect((await readyz(cert, ca, '?verbose&exclude=serving-cert')).body).toContain(
      '[+]serving-cert excluded: ok\n',
    );
  });

  it('warns inside the 30-day window and stays ready', async () => {
    const now = new Date();
    const res = await readyz(selfSigned('soon', now, 29), selfSigned('ca', now, 3650));
    expect(res.status).toBe(200);
    expect(res.body).toMatch(
      /^\[\+\]serving-cert ok: warning: renew soon: CN=soon notAfter \S+ \(in 2[89] day\(s\)\)$/m,
    );
    expect(res.body).toContain('[+]client-ca ok\n');
  });

  it('fails readiness for an expired serving certificate, naming it', async () => {
    const longAgo = new Date(Date.now() - 10 * DAY);
    const res = await readyz(selfSigned('gone', longAgo, 2), selfSigned('ca', new Date(), 3650), '');
    expect(res.status).toBe(500);
    expect(res.body).toMatch(
      /^\[-\]serving-cert failed: expired: CN=gone notAfter \S+ \(EXPIRED 8 day\(s\) ago\)$/m,
    );
    expect(res.body.endsWith('readyz check failed')).toBe(true);
  });

  it('a client CA bundle with one expired CA only warns; with every CA expired it fails', async () => {
    const now = new Date();
    const serving = selfSigned('serving', now, 365);
    const expired = selfSigned('old-ca', new Date(Date.now() - 10 * DAY), 2);
    const mixed = await readyz(serving, selfSigned('new-ca', now, 3650) + expired);
    expect(mixed.status).toBe(200);
    expect(mixed.body).toMatch(/\[\+\]client-ca ok: warning: renew soon: CN=old-ca .*EXPIRED/);
    const dead = await readyz(serving, expired);
    expect(dead.status).toBe(500);
    expect(dead.body).toContain('[-]client-ca failed: expired: CN=old-ca');
  });

  it('startServer reports the certificate it serves now, also after a reload', async () => {
    const short = testPki(1);
    const long = testPki(365);
    const server = await startServer({
      storage: { type: 'memory' },
      port: 0,
      tls: { cert: short.serving.certPem, key: short.serving.keyPem, ca: short.ca.certPem },
    });
    try {
      const before = await httpsJson(`${server.url}/readyz?verbose`, { ca: short.ca.certPem });
      expect(before.body).toContain('[+]serving-cert ok: warning: renew soon: CN=higress-apiserver');
      server.reloadTls({ cert: long.serving.certPem, key: long.serving.keyPem, ca: long.ca.certPem });
      const after = await httpsJson(`${server.url}/readyz?verbose`, { ca: long.ca.certPem });
      expect(after.body).toContain('[+]serving-cert ok\n[+]client-ca ok\n');
    } finally {
      await server.close();
    }
  });
});
