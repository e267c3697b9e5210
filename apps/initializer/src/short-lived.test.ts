/**
 * Certificates that live seconds, renewed by a `renew` loop while clients keep calling the API
 * server: the run crosses the first certificates' expiry, and not one request fails for TLS or
 * authentication reasons; a client certificate that did expire is refused. No timing is asserted:
 * every wait polls for a condition.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { readTlsFiles, startServer, watchTlsFiles } from '@hs/apiserver';
import { describe, expect, it } from 'vitest';
import { runInit } from './init.js';
import { volumeLayout } from './layout.js';
import { runRenew } from './renew.js';

const VALIDITY_MS = 8000;
const RENEW_BEFORE_MS = 5000;

function get(url: string, c: { ca: string; cert: string; key: string }): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(url, { ...c, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

function servedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      resolve(s.getPeerCertificate().fingerprint256);
      s.end();
    });
    s.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
          results.push(await get(`${server.url}/api`, await credentials()));
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
      expect(await get(`${server.url}/api`, { ...first, ca: current.ca })).toBe(401);
      expect(await get(`${server.url}/api`, current)).toBe(200);
    } finally {
      stop = true;
      reloader.stop();
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
