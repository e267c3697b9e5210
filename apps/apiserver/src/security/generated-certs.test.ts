/** The --cert-dir PKI: SANs for local names, client certificate for system:masters, reuse on restart. */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureGeneratedPki } from './generated-certs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-pki-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ensureGeneratedPki', () => {
  it('creates a CA-signed serving certificate with SANs and an admin client certificate', async () => {
    const pki = await ensureGeneratedPki(join(dir, 'pki'), ['10.1.2.3', 'apiserver.local', '0.0.0.0']);
    const ca = new X509Certificate(await readFile(pki.caFile));
    const serving = new X509Certificate(await readFile(pki.certFile));
    expect(serving.checkIssued(ca)).toBe(true);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serving.checkIP('10.1.2.3')).toBe('10.1.2.3');
    expect(serving.checkIP('0.0.0.0')).toBeUndefined();
    expect(serving.checkHost('localhost')).toBe('localhost');
    expect(serving.checkHost('apiserver.local')).toBe('apiserver.local');
    const admin = new X509Certificate(await readFile(pki.adminCertFile));
    expect(admin.subject).toContain('CN=higress-admin');
    expect(admin.subject).toContain('O=system:masters');
    expect(admin.checkIssued(ca)).toBe(true);
    expect((await stat(pki.keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'pki', 'ca.key'))).mode & 0o777).toBe(0o600);
  });

  it('reuses what exists, so clients keep trusting the server, reissuing only for new names', async () => {
    const first = await ensureGeneratedPki(dir);
    const before = await Promise.all(
      [first.caFile, first.certFile, first.adminCertFile].map((f) => readFile(f, 'utf8')),
    );
    const second = await ensureGeneratedPki(dir);
    const after = await Promise.all(
      [second.caFile, second.certFile, second.adminCertFile].map((f) => readFile(f, 'utf8')),
    );
    expect(after).toEqual(before);
    const third = await ensureGeneratedPki(dir, ['apiserver']);
    const serving = new X509Certificate(await readFile(third.certFile));
    expect(serving.checkHost('apiserver')).toBe('apiserver');
    expect(await readFile(third.caFile, 'utf8')).toBe(before[0]);
  });
});
