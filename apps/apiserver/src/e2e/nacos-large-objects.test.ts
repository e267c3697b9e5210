/**
 * Large objects through the API on Nacos storage (the Nacos test server, or a real Nacos in the
 * real-nacos project): a WasmPlugin of about 1.3 MiB (1.5 MiB as stored YAML), more than one Nacos entry holds, is created
 * through a follower (forwarded to the writer), read back byte-identical from both API servers and
 * watched; an object over 1.5 MiB and a body over 3 MiB are refused with 413 Status objects and
 * leave nothing stored.
 */
import { randomBytes } from 'node:crypto';
import { type NacosTarget, nacosTarget } from '@hs/nacos-client/testing';
import { createNacosDriver, createStorage, type Storage } from '@hs/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';
import { openWatch } from '../testing/watch-client.js';

const PATH = '/apis/extensions.higress.io/v1alpha1/namespaces/default/wasmplugins';

interface Answer {
  kind: string;
  reason?: string;
  code?: number;
  message?: string;
  metadata: { resourceVersion: string };
  spec?: { defaultConfig?: { blob?: string } };
}

/** A string of about `bytes` UTF-8 bytes mixing base64 with characters JSON, YAML and forms escape. */
function blob(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const piece = `${randomBytes(45).toString('base64')} "é€😀" :\\ #\n`;
    parts.push(piece);
    size += Buffer.byteLength(piece);
  }
  return parts.join('');
}

const plugin = (name: string, data: string) => ({
  apiVersion: 'extensions.higress.io/v1alpha1',
  kind: 'WasmPlugin',
  metadata: { name },
  spec: { url: 'oci://example/plugin:1.0.0', defaultConfig: { blob: data } },
});

describe('large objects through the API on Nacos', () => {
  let target: NacosTarget;
  const storages: Storage[] = [];
  const servers: StartedServer[] = [];

  async function replica(): Promise<StartedServer> {
    const storage = await createStorage({
      driver: createNacosDriver({
        serverUrl: target.url,
        username: target.username,
        password: target.password,
        namespaceId: target.tenant,
        forward: { host: '127.0.0.1' },
      }),
    });
    storages.push(storage);
    const server = await startServer({ storage, port: 0, host: '127.0.0.1' });
    servers.push(server);
    return server;
  }

  const send = async (server: StartedServer, method: string, path: string, body?: string) => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
      });
      const retryAfter = Number(res.headers.get('retry-after') ?? 'NaN');
      if ((res.status === 503 || res.status === 429) && retryAfter >= 0 && attempt < 10) {
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, Math.min(retryAfter, 2) * 1000));
        continue;
      }
      return { status: res.status, body: (await res.json()) as Answer };
    }
  };

  beforeAll(async () => {
    target = await nacosTarget({ staleReadMs: 100 });
  });
  afterAll(async () => {
    await Promise.allSettled(servers.map((s) => s.close()));
    await Promise.allSettled(storages.map((s) => s.close()));
    await target.close();
  });

  it('a 1.3 MiB WasmPlugin created through a follower reads back byte-identical on both and is watched', async () => {
    const a = await replica();
    const b = await replica();
    const list = await send(b, 'GET', PATH);
    const watch = await openWatch(
      `${b.url}${PATH}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`,
    );
    try {
      const data = blob(1.3 * 1024 * 1024);
      const created = await send(b, 'POST', PATH, JSON.stringify(plugin('big', data)));
      expect(created.status, created.body.message).toBe(201);
      expect(created.body.spec?.defaultConfig?.blob === data).toBe(true);
      const event = await watch.next();
      expect(event.type).toBe('ADDED');
      expect((event.object as unknown as Answer).spec?.defaultConfig?.blob === data).toBe(true);
      for (const server of [a, b]) {
        const got = await send(server, 'GET', `${PATH}/big`);
        expect(got.status).toBe(200);
        expect(got.body.spec?.defaultConfig?.blob === data).toBe(true);
        expect(got.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
      }
    } finally {
      watch.close();
    }
  });

  it('refuses an object over 1.5 MiB with a 413 Status and stores nothing', async () => {
    const [a] = servers as [StartedServer];
    const res = await send(a, 'POST', PATH, JSON.stringify(plugin('huge', blob(1.6 * 1024 * 1024))));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
    expect(res.body.message).toMatch(
      /^Request entity too large: the stored object is \d+ bytes, limit is 1572864$/,
    );
    expect((await send(a, 'GET', `${PATH}/huge`)).status).toBe(404);
  });

  it('refuses a body over 3 MiB with a 413 Status and stores nothing', async () => {
    const [a] = servers as [StartedServer];
    const res = await send(a, 'POST', PATH, JSON.stringify(plugin('body', 'x'.repeat(3 * 1024 * 1024 + 1))));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
    expect((await send(a, 'GET', `${PATH}/body`)).status).toBe(404);
  });
});
