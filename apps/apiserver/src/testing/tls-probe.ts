/** Test probes over real TLS connections: the certificate a server presents, and an HTTPS watch. */
import { request } from 'node:https';
import { connect } from 'node:tls';
import type { Credentials } from './https-client.js';

/** SHA-256 fingerprint of the certificate a fresh TLS connection to `url` is shown (not verified). */
export function servedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] },
      () => {
        const fp = socket.getPeerCertificate().fingerprint256;
        socket.end();
        resolve(fp);
      },
    );
    socket.on('error', reject);
  });
}

export interface HttpsWatch {
  /** Resolves with the next event line (parsed), rejects when the stream ended first. */
  next(): Promise<{ type: string; object: { metadata?: { name?: string } } }>;
  ended: Promise<void>;
  close(): void;
}

/** An HTTP/1.1 watch over HTTPS on its own connection; `url` must carry `watch=1`. */
export function httpsWatch(url: string, credentials: Credentials): Promise<HttpsWatch> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca: credentials.ca,
        ...(credentials.cert ? { cert: credentials.cert, key: credentials.key } : {}),
        headers: credentials.token ? { authorization: `Bearer ${credentials.token}` } : {},
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch answered ${res.statusCode}`));
          res.resume();
          return;
        }
        const lines: string[] = [];
        const waiters: Array<{ ok: (l: string) => void; fail: (e: Error) => void }> = [];
        let buffer = '';
        let done = false;
        res.setEncoding('utf8').on('data', (chunk: string) => {
          buffer += chunk;
          for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (!line.trim()) continue;
            const w = waiters.shift();
            if (w) w.ok(line);
            else lines.push(line);
          }
        });
        const ended = new Promise<void>((end) => {
          const finish = () => {
            done = true;
            for (const w of waiters.splice(0)) w.fail(new Error('watch ended'));
            end();
          };
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        });
        resolve({
          next: () =>
            new Promise<string>((ok, fail) => {
              const line = lines.shift();
              if (line !== undefined) ok(line);
              else if (done) fail(new Error('watch ended'));
              else waiters.push({ ok, fail });
            }).then((l) => JSON.parse(l)),
          ended,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Polls `probe` until it returns true; false after `attempts` tries `delayMs` apart. */
export async function eventually(
  probe: () => Promise<boolean>,
  attempts = 400,
  delayMs = 25,
): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await probe().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  return false;
}
