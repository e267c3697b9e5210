/**
 * Serving certificates and client CAs are swapped when their files change (fs.watch, or the
 * periodic re-read), for new connections only: an open watch keeps streaming; a broken pair keeps
 * the old material.
 */

import { X509Certificate } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';
import { httpsJson } from '../testing/https-client.js';
import { testPki } from '../testing/test-pki.js';
import { eventually, httpsWatch, servedFingerprint } from '../testing/tls-probe.js';
import { readTlsFiles, type TlsReloader, watchTlsFiles } from './tls-reloader.js';

let dir: string;
let server: StartedServer | undefined;
let reloader: TlsReloader | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-tls-'));
});
afterEach(async () => {
  reloader?.stop();
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Whether a fresh connection verifies against `ca` (retried while the reloader catches up). */
async function trusts(url: string, ca: string, attempts: number): Promise<boolean> {
  return eventually(async () => (await httpsJson(`${url}/readyz`, { ca })).status === 200, attempts);
}

/** Replaces a file the way kubelet and cert-manager do: write a sibling, rename it into place. */
async function replace(path: string, content: string): Promise<void> {
  await writeFile(`${path}.new`, content);
  await rename(`${path}.new`, path);
}

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('TLS reload', () => {
  it('serves the new certificate after the files change, and keeps the old one on a mismatched pair', async () => {
    const first = testPki();
    const second = testPki();
    const files = { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
    await writeFile(files.certFile, first.serving.certPem);
    await writeFile(files.keyFile, first.serving.keyPem);
    server = await startServer({ storage: { type: 'memory' }, port: 0, tls: await readTlsFiles(files) });
    const errors: unknown[] = [];
    const started = server;
    reloader = watchTlsFiles(files, (m) => started.reloadTls(m), {
      intervalMs: 20,
      onError: (e) => errors.push(e),
    });
    expect(await trusts(server.url, first.ca.certPem, 1)).toBe(true);

    // A certificate without its key: refused (reported once), the old certificate stays.
    await writeFile(files.certFile, second.serving.certPem);
    for (let i = 0; i < 200 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(String(errors[0])).toContain('does not match');
    expect(await trusts(server.url, first.ca.certPem, 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(errors).toHaveLength(1);

    await writeFile(files.keyFile, second.serving.keyPem);
    expect(await trusts(server.url, second.ca.certPem, 200)).toBe(true);
    expect(await trusts(server.url, first.ca.certPem, 1)).toBe(false);
  });

  it('reloads on a file event alone; an open watch survives and new connections see the new certificate', async () => {
    const pki = testPki();
    const admin = pki.client('admin', ['system:masters']);
    const files = {
      certFile: join(dir, 'tls.crt'),
      keyFile: join(dir, 'tls.key'),
      clientCaFile: join(dir, 'ca.crt'),
    };
    await writeFile(files.certFile, pki.serving.certPem);
    await writeFile(files.keyFile, pki.serving.keyPem);
    await writeFile(files.clientCaFile, pki.ca.certPem);
    const initial = await readTlsFiles(files);
    server = await startServer({
      storage: { type: 'memory' },
      port: 0,
      tls: initial,
      security: { authentication: { clientCertificates: true }, authorizationMode: 'AlwaysAllow' },
    });
    const started = server;
    const reloads: string[] = [];
    // The periodic check is an hour away: only the directory watch can trigger this reload.
    reloader = watchTlsFiles(files, (m) => started.reloadTls(m), {
      initial,
      intervalMs: 3_600_000,
      debounceMs: 20,
      onReload: (m) => reloads.push(fingerprint(m.cert.toString())),
    });
    const creds = { ca: pki.ca.certPem, cert: admin.certPem, key: admin.keyPem };
    const base = `${server.url}/api/v1/namespaces/default/configmaps`;
    const watch = await httpsWatch(`${base}?watch=1`, creds);
    expect(await servedFingerprint(server.url)).toBe(fingerprint(pki.serving.certPem));

    // A new serving certificate from the same CA, renamed into place.
    const renewed = testPki();
    const { issueCertificate, parsePrivateKey } = await import('@hs/pki');
    const caKey = parsePrivateKey(pki.ca.keyPem).key;
    const newCert = issueCertificate({
      subject: { CN: 'higress-apiserver' },
      subjectKey: parsePrivateKey(renewed.serving.keyPem).key,
      issuer: { certificatePem: pki.ca.certPem, key: caKey },
      validityDays: 1,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth'],
      ipAddresses: ['127.0.0.1'],
    });
    await replace(files.keyFile, renewed.serving.keyPem);
    await replace(files.certFile, newCert);
    expect(
      await eventually(async () => (await servedFingerprint(started.url)) === fingerprint(newCert)),
    ).toBe(true);
    expect(reloads.at(-1)).toBe(fingerprint(newCert));

    // The watch opened before the reload still delivers events.
    const created = await httpsJson(base, creds, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-reload' } },
    });
    expect(created.status).toBe(201);
    const event = await watch.next();
    expect(event).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'after-reload' } } });
    watch.close();
  });

  it('reloads the client CA bundle: a client of the new CA is accepted, one of the dropped CA refused', async () => {
    const oldPki = testPki();
    const newPki = testPki();
    const files = {
      certFile: join(dir, 'tls.crt'),
      keyFile: join(dir, 'tls.key'),
      clientCaFile: join(dir, 'ca.crt'),
    };
    await writeFile(files.certFile, oldPki.serving.certPem);
    await writeFile(files.keyFile, oldPki.serving.keyPem);
    await writeFile(files.clientCaFile, oldPki.ca.certPem);
    const initial = await readTlsFiles(files);
    server = await startServer({
      storage: { type: 'memory' },
      port: 0,
      tls: initial,
      security: { authentication: { clientCertificates: true }, authorizationMode: 'AlwaysAllow' },
    });
    const started = server;
    reloader = watchTlsFiles(files, (m) => started.reloadTls(m), { initial, intervalMs: 50 });
    const oldClient = oldPki.client('old-user');
    const newClient = newPki.client('new-user');
    const status = (c: { certPem: string; keyPem: string }) =>
      httpsJson(`${started.url}/api`, { ca: oldPki.ca.certPem, cert: c.certPem, key: c.keyPem }).then(
        (r) => r.status,
      );
    expect(await status(oldClient)).toBe(200);
    expect(await status(newClient)).toBe(401);

    // Overlap: both CAs trusted.
    await replace(files.clientCaFile, newPki.ca.certPem + oldPki.ca.certPem);
    expect(await eventually(async () => (await status(newClient)) === 200)).toBe(true);
    expect(await status(oldClient)).toBe(200);

    // Old CA dropped.
    await replace(files.clientCaFile, newPki.ca.certPem);
    expect(await eventually(async () => (await status(oldClient)) === 401)).toBe(true);
    expect(await status(newClient)).toBe(200);
  });

  it('reports a client CA file that holds no certificate and keeps the previous bundle', async () => {
    const pki = testPki();
    const files = {
      certFile: join(dir, 'tls.crt'),
      keyFile: join(dir, 'tls.key'),
      clientCaFile: join(dir, 'ca.crt'),
    };
    await writeFile(files.certFile, pki.serving.certPem);
    await writeFile(files.keyFile, pki.serving.keyPem);
    await writeFile(files.clientCaFile, pki.ca.certPem);
    const initial = await readTlsFiles(files);
    const applied: unknown[] = [];
    const errors: unknown[] = [];
    reloader = watchTlsFiles(files, (m) => applied.push(m), {
      initial,
      intervalMs: 3_600_000,
      onError: (e) => errors.push(e),
    });
    await writeFile(files.clientCaFile, 'not a certificate\n');
    await reloader.check();
    expect(applied).toHaveLength(0);
    expect(String(errors[0])).toMatch(/ca\.crt holds no PEM certificate/);
    await writeFile(files.clientCaFile, pki.ca.certPem);
    await reloader.check();
    expect(applied).toHaveLength(0); // back to what is served: nothing to apply
  });
});
