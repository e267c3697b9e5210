/**
 * A misbehaving client stays bounded while others are served: watches over HTTP/2 (node:http2),
 * a per-client watch cap and an in-flight cap answering 429 with Retry-After, and slowloris-style
 * connections (headers byte by byte, idle HTTP/2 sessions) closed by the server.
 */
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type ClientHttp2Session, type ClientHttp2Stream, connect as h2connect } from 'node:http2';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';
import { httpsJson } from '../testing/https-client.js';
import { testPki } from '../testing/test-pki.js';

const pki = testPki();
const ca = pki.ca.certPem;
let dir: string;
let secure: StartedServer;
let plain: StartedServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-limits-'));
  await writeFile(join(dir, 'tokens.csv'), 'flood-token,flooder,u1\ncalm-token,calm,u2\n');
  const limits = {
    headersTimeoutMs: 400,
    keepAliveTimeoutMs: 400,
    requestTimeoutMs: 400,
    checkIntervalMs: 100,
  };
  secure = await startServer({
    storage: { type: 'memory' },
    port: 0,
    tls: { cert: pki.serving.certPem, key: pki.serving.keyPem },
    connectionLimits: limits,
    security: {
      authentication: { tokenFile: join(dir, 'tokens.csv'), anonymous: { enabled: true } },
      authorizationMode: 'AlwaysAllow',
      limits: { maxWatchesPerClient: 3, maxMutatingInFlight: 2 },
    },
  });
  plain = await startServer({ storage: { type: 'memory' }, port: 0, connectionLimits: limits });
});

afterAll(async () => {
  await secure?.close();
  await plain?.close();
  await rm(dir, { recursive: true, force: true });
});

function h2session(): Promise<ClientHttp2Session> {
  const session = h2connect(secure.url, { ca });
  return new Promise((resolve, reject) => {
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

/** Opens a watch over HTTP/2; resolves with the response status and the stream. */
async function h2watch(session: ClientHttp2Session, token: string, query = '') {
  const stream = session.request({
    ':path': `/api/v1/namespaces/default/configmaps?watch=true${query}`,
    authorization: `Bearer ${token}`,
  });
  const [headers] = (await once(stream, 'response')) as [Record<string, string | number>];
  return { status: Number(headers[':status']), headers, stream };
}

function nextChunk(stream: ClientHttp2Stream): Promise<string> {
  return once(stream, 'data').then(([d]) => (d as Buffer).toString('utf8'));
}

describe('HTTP/2 and per-client limits', () => {
  it('streams watch events over HTTP/2 and caps watches per client with 429', async () => {
    const session = await h2session();
    try {
      const watches = [];
      for (let i = 0; i < 3; i++) watches.push(await h2watch(session, 'flood-token'));
      expect(watches.map((w) => w.status)).toEqual([200, 200, 200]);
      const refused = await h2watch(session, 'flood-token');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('1');
      refused.stream.resume();

      const calm = await h2watch(session, 'calm-token');
      expect(calm.status).toBe(200);
      const event = nextChunk(calm.stream);
      const created = await httpsJson(
        `${secure.url}/api/v1/namespaces/default/configmaps`,
        { ca, token: 'calm-token' },
        { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'over-h2' } } },
      );
      expect(created.status).toBe(201);
      expect(JSON.parse(await event)).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: 'over-h2' } },
      });
      // Closing a watch frees its slot.
      const first = watches[0]!.stream;
      first.resume();
      first.close();
      await once(first, 'close');
      let again = await h2watch(session, 'flood-token');
      for (let i = 0; again.status !== 200 && i < 50; i++) {
        again.stream.resume();
        await new Promise((r) => setImmediate(r));
        again = await h2watch(session, 'flood-token');
      }
      expect(again.status).toBe(200);
    } finally {
      session.destroy();
    }
  });

  it('answers 429 past the in-flight cap while other requests still work', async () => {
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const socket = tlsConnect({
          host: '127.0.0.1',
          port: Number(new URL(secure.url).port),
          ca,
          ALPNProtocols: ['http/1.1'],
        });
        await once(socket, 'secureConnect');
        // A body announced but never sent holds a mutating slot.
        socket.write(
          'POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer flood-token\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
        );
        held.push(socket);
      }
      const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'third' } };
      let third = await httpsJson(
        `${secure.url}/api/v1/namespaces/default/configmaps`,
        { ca, token: 'flood-token' },
        { method: 'POST', body },
      );
      expect(third.status).toBe(429);
      expect(third.headers['retry-after']).toBe('1');
      expect(third.json()).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429 });
      expect((await httpsJson(`${secure.url}/readyz`, { ca })).body).toBe('ok');
      expect(
        (await httpsJson(`${secure.url}/api/v1/namespaces/default/configmaps`, { ca, token: 'calm-token' }))
          .status,
      ).toBe(200);
      for (const s of held) s.destroy();
      await Promise.all(held.map((s) => (s.closed ? undefined : once(s, 'close'))));
      third = await httpsJson(
        `${secure.url}/api/v1/namespaces/default/configmaps`,
        { ca, token: 'flood-token' },
        { method: 'POST', body },
      );
      expect(third.status).toBe(201);
    } finally {
      for (const s of held) s.destroy();
    }
  });
});

describe('slow clients', () => {
  /** Sends a request head one byte at a time and never finishes it; resolves when the server hangs up. */
  async function slowloris(socket: Socket, other: () => Promise<void>) {
    const head = 'GET /readyz HTTP/1.1\r\nHost: x\r\nX-Slow: ';
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || !socket.writable) return;
      try {
        socket.write(head[i++] ?? 'a', () => {});
      } catch {
        // the server hung up between the check and the write
      }
    }, 20);
    try {
      const closed = new Promise((resolve) => socket.once('close', resolve));
      await other();
      await closed; // not events.once: a reset (EPIPE) must not fail the wait
    } finally {
      clearInterval(timer);
    }
  }

  it('closes a TLS connection whose headers trickle in, serving others meanwhile', async () => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: Number(new URL(secure.url).port),
      ca,
      ALPNProtocols: ['http/1.1'],
    });
    socket.on('error', () => {});
    await once(socket, 'secureConnect');
    await slowloris(socket, async () => {
      expect((await httpsJson(`${secure.url}/readyz`, { ca })).body).toBe('ok');
    });
    expect(socket.destroyed).toBe(true);
  });

  it('closes a plain HTTP connection whose headers trickle in, serving others meanwhile', async () => {
    const socket = netConnect(Number(new URL(plain.url).port), '127.0.0.1');
    socket.on('error', () => {});
    await once(socket, 'connect');
    await slowloris(socket, async () => {
      expect(await (await fetch(`${plain.url}/readyz`)).text()).toBe('ok');
    });
    expect(socket.destroyed).toBe(true);
  });

  it('closes an idle HTTP/2 session but keeps one with an open watch', async () => {
    const idle = await h2session();
    const busy = await h2session();
    try {
      const watch = await h2watch(busy, 'calm-token', '&fieldSelector=metadata.name%3Dstill-there');
      expect(watch.status).toBe(200);
      await once(idle, 'close');
      expect(busy.closed).toBe(false);
      const event = nextChunk(watch.stream);
      await httpsJson(
        `${secure.url}/api/v1/namespaces/default/configmaps`,
        { ca, token: 'calm-token' },
        { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'still-there' } } },
      );
      expect(await event).toContain('still-there');
    } finally {
      idle.destroy();
      busy.destroy();
    }
  });

  it('refuses oversized request headers with 431', async () => {
    const big = 'x'.repeat(100 * 1024);
    const res = await fetch(`${plain.url}/readyz`, { headers: { 'x-big': big } });
    expect(res.status).toBe(431);
    const tls = await httpsJson(`${secure.url}/readyz`, { ca, token: big }).catch((err: Error) => err);
    expect(tls instanceof Error ? 'closed' : String(tls.status)).toMatch(/^(431|closed)$/);
    expect(await (await fetch(`${plain.url}/readyz`)).text()).toBe('ok');
  });

  it('keeps a quiet HTTP/1.1 watch open past the time limits that close idle connections', async () => {
    const port = Number(new URL(plain.url).port);
    const watch = netConnect(port, '127.0.0.1');
    let received = '';
    watch.setEncoding('utf8').on('data', (d: string) => {
      received += d;
    });
    try {
      watch.write(
        'GET /api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dlate HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      // Two idle connections in a row hit their deadlines (headers, request, keep-alive) meanwhile.
      for (let i = 0; i < 2; i++) {
        const idle = netConnect(port, '127.0.0.1');
        idle.on('error', () => {});
        await new Promise((resolve) => idle.once('close', resolve));
      }
      expect(watch.destroyed).toBe(false);
      const created = await fetch(`${plain.url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } }),
      });
      expect(created.status).toBe(201);
      while (!received.includes('"late"')) await once(watch, 'data');
      expect(received).toContain('HTTP/1.1 200');
    } finally {
      watch.destroy();
    }
  });
});
