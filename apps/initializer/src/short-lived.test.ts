/**
 * Certificates that live seconds, while clients keep calling the API server: renewed by a `renew`
 * loop, the run crosses the first certificates' expiry and not one request fails for TLS or
 * authentication reasons; left to expire, requests fail until the real `higress-initializer
 * renew` bin runs, and from the moment the server presents the renewed certificate none fails,
 * while a watch opened before the expiry stays open and sees every write. No timing is asserted:
 * every wait polls for a condition.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTlsFiles, startServer, watchTlsFiles } from '@hs/apiserver';
import { describe, expect, it } from 'vitest';
import { runInit } from './init.js';
import { volumeLayout } from './layout.js';
import { runRenew } from './renew.js';
import { call, eventually, holdWatch, liveApiserver, servedFingerprint } from './test-helpers/live.js';

const VALIDITY_MS = 8000;
const RENEW_BEFORE_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'higress-initializer.js');

/** The real bin, spawned asynchronously so the in-process API server keeps serving. */
function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe('short-lived certificates under load', () => {
  it('crosses expiry with a renew loop and no failed request; an expired client certificate is refused', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hs-short-'));
    const layout = volumeLayout(root);
    const quiet = () => undefined;
    await runInit({ root, keyType: 'ecdsa', leafValidityMs: VALIDITY_MS, log: quiet });
    const files = {
      certFile: layout.api.serverCert,
      keyFile: layout.api.serverKey,
      clientCaFile: layout.api.caCert,
    };
    const initial = await readTlsFiles(files);
    const server = await startServer({
      storage: { type: 'memory' },
      port: 0,
      tls: initial,
      security: { authentication: { clientCertificates: true }, authorizationMode: 'AlwaysAllow' },
    });
    const reloader = watchTlsFiles(files, (m) => server.reloadTls(m), {
      initial,
      intervalMs: 200,
      debounceMs: 20,
    });
    const read = (p: string) => readFile(p, 'utf8');
    // A well-behaved client: re-reads its certificate before each new connection.
    const credentials = async () => ({
      ca: await read(layout.api.caCert),
      cert: await read(layout.kube.clientCert('admin')),
      key: await read(layout.kube.clientKey('admin')),
    });
    const first = await credentials();
    const firstNotAfter = new Date(new X509Certificate(first.cert).validTo).getTime();
    const firstServing = new Date(new X509Certificate(initial.cert).validTo).getTime();
    const results: (number | string)[] = [];
    const fingerprints = new Set<string>();
    let renewals = 0;
    let stop = false;
    try {
      const renewLoop = (async () => {
        while (!stop) {
          const r = await runRenew({ root, beforeMs: RENEW_BEFORE_MS, validityMs: VALIDITY_MS, log: quiet });
          if (r.renewed.some((x) => x.file === 'api/server.crt')) renewals++;
          await sleep(250);
        }
      })();
      const client = async () => {
        while (!stop) {
          results.push(await call(`${server.url}/api`, await credentials()));
          fingerprints.add(await servedFingerprint(server.url));
        }
      };
      const clients = [client(), client()];
      // Run until the first serving and client certificates have expired and two renewals served.
      while (
        !(
          Date.now() > Math.max(firstNotAfter, firstServing) + 1000 &&
          renewals >= 2 &&
          fingerprints.size >= 3
        )
      ) {
        await sleep(100);
      }
      stop = true;
      await Promise.all([renewLoop, ...clients]);

      expect(results.length).toBeGreaterThan(10);
      expect(results.filter((r) => r !== 200)).toEqual([]);
      expect(fingerprints.size).toBeGreaterThanOrEqual(3);

      // The very first client certificate has expired by now: refused. The current one is fine
      // (renewed once more so the serving certificate is valid for the check).
      await runRenew({ root, force: true, validityMs: 60_000, log: quiet });
      const current = await credentials();
      const servedNow = new X509Certificate(await read(layout.api.serverCert)).fingerprint256;
      for (let i = 0; i < 400 && (await servedFingerprint(server.url)) !== servedNow; i++) await sleep(25);
      expect(await call(`${server.url}/api`, { ...first, ca: current.ca })).toBe(401);
      expect(await call(`${server.url}/api`, current)).toBe(200);
    } finally {
      stop = true;
      reloader.stop();
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('a serving certificate that expires under load: failures until the bin renews, none after the server picks it up, the watch is never dropped', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hs-expire-'));
    const layout = volumeLayout(root);
    await runInit({ root, keyType: 'ecdsa', leafValidityMs: 4000, log: () => undefined });
    const live = await liveApiserver(layout, 200);
    const base = live.server.url;
    const read = (p: string) => readFile(p, 'utf8');
    const credentials = async () => ({
      ca: await read(layout.api.caCert),
      cert: await read(layout.kube.clientCert('admin')),
      key: await read(layout.kube.clientKey('admin')),
    });
    const first = await credentials();
    const notAfter = new Date(new X509Certificate(await read(layout.api.serverCert)).validTo).getTime();
    expect(await call(`${base}/api/v1/namespaces`, first, 'POST', { metadata: { name: 'load' } })).toBe(201);
    const watch = await holdWatch(`${base}/api/v1/namespaces/load/configmaps?watch=1`, first);
    const results: { startedAt: number; status: number | string; name: string }[] = [];
    let stop = false;
    let n = 0;
    const client = async () => {
      while (!stop) {
        const name = `cm-${n++}`;
        const startedAt = Date.now();
        const status = await call(`${base}/api/v1/namespaces/load/configmaps`, await credentials(), 'POST', {
          metadata: { name },
          data: { n: String(n) },
        });
        results.push({ startedAt, status, name });
        await sleep(20);
      }
    };
    const clients = [client(), client()];
    try {
      // Past the serving certificate's notAfter, and requests failing because of it.
      while (
        !(Date.now() > notAfter + 500 && results.some((r) => r.startedAt > notAfter && r.status !== 201))
      ) {
        await sleep(50);
      }
      const expiredFailures = results.filter((r) => r.status !== 201);
      expect(expiredFailures.map((r) => r.status)).toContain('CERT_HAS_EXPIRED');

      const renew = await bin(['renew', '--root', root, '--validity', '10m']);
      expect(renew.code, renew.stderr).toBe(0);
      expect(renew.stdout).toMatch(/^renewed api\/server\.crt /m);
      const renewed = new X509Certificate(await read(layout.api.serverCert)).fingerprint256;
      expect(await eventually(async () => (await servedFingerprint(base)) === renewed)).toBe(true);
      const pickedUp = Date.now();
      // Keep the load on until plenty of requests started after the pick-up.
      while (results.filter((r) => r.startedAt > pickedUp).length < 20) await sleep(50);
      stop = true;
      await Promise.all(clients);

      const after = results.filter((r) => r.startedAt > pickedUp);
      expect(after.filter((r) => r.status !== 201)).toEqual([]);
      // The watch opened with the first certificates saw every write that succeeded, and is open.
      const created = results.filter((r) => r.status === 201).map((r) => r.name);
      expect(await eventually(async () => created.every((c) => watch.events.some((e) => e.name === c)))).toBe(
        true,
      );
      expect(watch.events.every((e) => e.type === 'ADDED')).toBe(true);
      expect(watch.ended).toBe(false);
    } finally {
      stop = true;
      await Promise.all(clients);
      watch.close();
      await live.stop();
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
