/**
 * A connection is authenticated by the client certificate of its own handshake, read once per
 * connection (request-identity.ts): every request on a kept-alive HTTP/1.1 connection or an
 * HTTP/2 session is that certificate's user, other connections are theirs, and a TLS 1.2 client
 * cannot renegotiate to present another certificate (refused, as Go's crypto/tls server).
 */
import { connect as http2Connect } from 'node:http2';
import { Agent, request } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { listening } from '../testing/harness.js';
import { testPki } from '../testing/test-pki.js';

const pki = testPki();
const admin = pki.client('admin', ['system:masters']);
const nobody = pki.client('nobody');
const path = '/api/v1/namespaces/default/configmaps';
let server: StartedServer;

beforeAll(async () => {
  server = await listening('memory', {
    tls: { cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.ca.certPem },
    security: { authentication: { clientCertificates: true } },
  });
});
afterAll(() => server?.close());

function get(agent: Agent): Promise<{ status: number; body: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { agent, headers: { accept: 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the client certificate of a connection', () => {
  it('authenticates every request of a kept-alive HTTP/1.1 connection, and only that connection', async () => {
    const asAdmin = new Agent({
      ca: pki.ca.certPem,
      cert: admin.certPem,
      key: admin.keyPem,
      keepAlive: true,
      maxSockets: 1,
    });
    const asNobody = new Agent({
      ca: pki.ca.certPem,
      cert: nobody.certPem,
      key: nobody.keyPem,
      keepAlive: true,
      maxSockets: 1,
    });
    try {
      const first = await get(asAdmin);
      const denied = await get(asNobody);
      const second = await get(asAdmin);
      const deniedAgain = await get(asNobody);
      expect([first.status, second.status, second.reused]).toEqual([200, 200, true]);
      expect([denied.status, deniedAgain.status, deniedAgain.reused]).toEqual([403, 403, true]);
      expect(JSON.parse(deniedAgain.body).message).toContain(
        'User "nobody" cannot list resource "configmaps"',
      );
    } finally {
      asAdmin.destroy();
      asNobody.destroy();
    }
  });

  it('authenticates every stream of an HTTP/2 session as its certificate', async () => {
    const status = async (cert: { certPem: string; keyPem: string }) => {
      const session = http2Connect(server.url, { ca: pki.ca.certPem, cert: cert.certPem, key: cert.keyPem });
      try {
        const one = () =>
          new Promise<number>((resolve, reject) => {
            const stream = session.request({ ':path': path, accept: 'application/json' });
            stream.on('response', (headers) => resolve(Number(headers[':status'])));
            stream.on('error', reject);
            stream.resume();
            stream.end();
          });
        return [await one(), await one()];
      } finally {
        session.close();
      }
    };
    expect(await status(admin)).toEqual([200, 200]);
    expect(await status(nobody)).toEqual([403, 403]);
  });

  it('cannot be exchanged by TLS 1.2 renegotiation: the server refuses it', async () => {
    const url = new URL(server.url);
    const socket = tlsConnect({
      host: url.hostname,
      port: Number(url.port),
      ca: pki.ca.certPem,
      cert: nobody.certPem,
      key: nobody.keyPem,
      maxVersion: 'TLSv1.2',
    });
    try {
      await new Promise<void>((resolve, reject) =>
        socket.once('secureConnect', resolve).once('error', reject),
      );
      const outcome = await new Promise<string>((resolve) => {
        socket.once('error', (err) => resolve(`error: ${err.message}`));
        socket.once('close', () => resolve('closed'));
        const accepted = socket.renegotiate({ rejectUnauthorized: true }, (err) =>
          resolve(err ? `error: ${err.message}` : 'renegotiated'),
        );
        if (!accepted) resolve('not started');
        // Renegotiation is driven by application data: send a request on the connection.
        socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
      });
      expect(outcome).not.toBe('renegotiated');
    } finally {
      socket.destroy();
    }
  });
});
