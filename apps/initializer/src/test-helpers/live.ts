/**
 * Probes for the live renewal tests, all over real connections on 127.0.0.1: an HTTPS request on a
 * fresh TLS connection, the certificate a server presents, a long-running watch, and an API server
 * that reloads the initializer's files as the binary does.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { connect } from 'node:tls';
import {
  readTlsFiles,
  type SecurityOptions,
  type StartedServer,
  startServer,
  type TlsReloader,
  watchTlsFiles,
} from '@hs/apiserver';
import { parse } from 'yaml';
import type { VolumeLayout } from '../layout.js';

export interface Client {
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
}

/** A request over a fresh TLS connection: the status, or the TLS/connection error's code. */
export function call(url: string, c: Client, method = 'GET', body?: unknown): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method,
        ca: c.ca,
        ...(c.cert ? { cert: c.cert, key: c.key } : {}),
        headers: {
          ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export function servedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      resolve(s.getPeerCertificate().fingerprint256);
      s.end();
    });
    s.on('error', reject);
  });
}

export async function eventually(
  probe: () => Promise<boolean>,
  attempts = 600,
  delayMs = 25,
): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await probe().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  return false;
}

export const read = (p: string) => readFile(p, 'utf8');

/** CA, client certificate and key embedded in a kubeconfig the initializer wrote. */
export async function kubeconfigClient(path: string): Promise<Client> {
  const kc = parse(await read(path)) as {
    clusters: { cluster: Record<string, string> }[];
    users: { user: Record<string, string> }[];
  };
  const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');
  return {
    ca: b64(kc.clusters[0]?.cluster['certificate-authority-data']),
    cert: b64(kc.users[0]?.user['client-certificate-data']),
    key: b64(kc.users[0]?.user['client-key-data']),
  };
}

/** A watch held open on its own connection: every event line, and whether the stream ended. */
export interface HeldWatch {
  events: { type: string; name?: string }[];
  ended: boolean;
  close(): void;
}

export function holdWatch(url: string, c: Client): Promise<HeldWatch> {
  return new Promise((resolve, reject) => {
    const held: HeldWatch = { events: [], ended: false, close: () => req.destroy() };
    const req = request(
      url,
      { ca: c.ca, ...(c.cert ? { cert: c.cert, key: c.key } : {}), agent: false },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch answered ${res.statusCode}`));
          res.resume();
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (!line) continue;
            const e = JSON.parse(line) as { type: string; object?: { metadata?: { name?: string } } };
            held.events.push({
              type: e.type,
              ...(e.object?.metadata?.name ? { name: e.object.metadata.name } : {}),
            });
          }
        });
        const end = () => {
          held.ended = true;
        };
        res.on('end', end);
        res.on('close', end);
        resolve(held);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export interface LiveApiserver {
  server: StartedServer;
  reloader: TlsReloader;
  stop(): Promise<void>;
}

/** The API server over the initializer's files, reloading them like `higress-apiserver` does. */
export async function liveApiserver(
  layout: VolumeLayout,
  intervalMs: number,
  security: SecurityOptions = {
    authentication: { clientCertificates: true },
    authorizationMode: 'AlwaysAllow',
  },
): Promise<LiveApiserver> {
  const files = {
    certFile: layout.api.serverCert,
    keyFile: layout.api.serverKey,
    clientCaFile: layout.api.caCert,
  };
  const initial = await readTlsFiles(files);
  const server = await startServer({ storage: { type: 'memory' }, port: 0, tls: initial, security });
  const reloader = watchTlsFiles(files, (m) => server.reloadTls(m), { initial, intervalMs, debounceMs: 20 });
  return {
    server,
    reloader,
    stop: async () => {
      reloader.stop();
      await server.close();
    },
  };
}
