/** Serving certificates are swapped when their files change; a broken pair keeps the old one. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';
import { httpsJson } from '../testing/https-client.js';
import { testPki } from '../testing/test-pki.js';
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
  await rm(dir, { recursive: true, force: true });
});

/** Whether a fresh connection verifies against `ca` (retried while the poller catches up). */
async function trusts(url: string, ca: string, attempts: number): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    const ok = await httpsJson(`${url}/readyz`, { ca }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

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

    // A certificate without its key: refused, the old certificate stays.
    await writeFile(files.certFile, second.serving.certPem);
    for (let i = 0; i < 200 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(String(errors[0])).toContain('does not match');
    expect(await trusts(server.url, first.ca.certPem, 1)).toBe(true);

    await writeFile(files.keyFile, second.serving.keyPem);
    expect(await trusts(server.url, second.ca.certPem, 200)).toBe(true);
    expect(await trusts(server.url, first.ca.certPem, 1)).toBe(false);
  });
});
