/**
 * The apiserver's Nacos wiring with encryption at rest, against the in-process Nacos test server:
 * a Secret created through the API is stored in Nacos only as an AEAD envelope, a ConfigMap in
 * plaintext, and both read back through the API.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NacosTestServer, startNacosTestServer } from '@hs/nacos-client/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';

const SECRET_VALUE = 'nacos-secret-value-0815';
let dir: string;
let nacos: NacosTestServer;
let app: FastifyInstance | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-nacos-enc-'));
  nacos = await startNacosTestServer({ minLongPollMs: 100 });
});
afterEach(async () => {
  await app?.close();
  await nacos.close();
  await rm(dir, { recursive: true, force: true });
});

describe('nacos storage with encryption at rest', () => {
  it('stores Secrets as envelopes and ConfigMaps as plaintext', async () => {
    await writeFile(join(dir, 'keys'), `k1:${randomBytes(32).toString('base64')}\n`);
    app = await buildServer({
      storage: {
        type: 'nacos',
        server: nacos.url,
        namespaceId: 'higress-system',
        encryptionKeyFile: join(dir, 'keys'),
      },
    });
    const post = (url: string, payload: object) => app?.inject({ method: 'POST', url, payload });
    const secret = await post('/api/v1/namespaces/default/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      stringData: { password: SECRET_VALUE },
    });
    expect(secret?.statusCode).toBe(201);
    const cm = await post('/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'plain' },
      data: { v: 'visible-value' },
    });
    expect(cm?.statusCode).toBe(201);

    const stored = [...nacos.state.rows.values()].map((r) => r.content).join('\n');
    expect(stored).toContain('visible-value');
    expect(stored).toContain('k8s:enc:aesgcm:v1:k1:');
    expect(stored).not.toContain(SECRET_VALUE);
    expect(stored).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));

    const read = await app.inject({ method: 'GET', url: '/api/v1/namespaces/default/secrets/db' });
    expect(read.statusCode).toBe(200);
    const password = (read.json() as { data: { password: string } }).data.password;
    expect(Buffer.from(password, 'base64').toString()).toBe(SECRET_VALUE);
  });
});
