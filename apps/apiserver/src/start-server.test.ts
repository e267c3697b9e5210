import { generateKeyPairSync } from 'node:crypto';
import { request } from 'node:https';
import { issueCertificate } from '@hs/pki';
import { describe, expect, it } from 'vitest';
import { startServer } from './start-server.js';

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer', () => {
  it('serves HTTPS with the given certificate', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const cert = issueCertificate({
      subject: { CN: 'higress-api-server' },
      subjectKey: privateKey,
      validityDays: 1,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth'],
      ipAddresses: ['127.0.0.1'],
    });
    const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const server = await startServer({ storage: { type: 'memory' }, port: 0, tls: { cert, key } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await httpsGet(`${server.url}/version`, cert);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ gitVersion: 'v1.32.0' });
    } finally {
      await server.close();
    }
  });

  it('serves plain HTTP without TLS options', async () => {
    const server = await startServer({ storage: { type: 'memory' }, port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${server.url}/livez`)).text()).toBe('ok');
    } finally {
      await server.close();
    }
  });
});

describe('close', () => {
  it('ends open watches instead of waiting for their timeout, and the watcher sees its stream end', async () => {
    const server = await startServer({ storage: { type: 'memory' }, port: 0, host: '127.0.0.1' });
    const { request: httpRequest } = await import('node:http');
    const ended = new Promise<string>((resolve) => {
      const req = httpRequest(
        `${server.url}/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=600`,
        (res) => {
          res.resume();
          res.once('close', () => resolve(`closed after ${res.statusCode}`));
          // The watch is open: now shut the server down.
          void server.close();
        },
      );
      req.on('error', (e) => resolve(`error ${e.message}`));
      req.end();
    });
    expect(await ended).toMatch(/closed after 200|error/);
  });
});
