import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NacosClient } from './client.js';
import { checkHealth, listNamespaces, searchConfigs } from './console-api.js';
import { isNacosError, NacosError } from './errors.js';
import { contentMd5 } from './md5.js';
import { type NacosTarget, nacosTarget, startNacosTestServer } from './testing/index.js';
import type { ConfigKey } from './types.js';

// Runs against a real Nacos when NACOS_TEST_URL is set, else against the Nacos test server.
let target: NacosTarget;
let client: NacosClient;
const key = (dataId: string, group = 'default'): ConfigKey => ({ tenant: target.tenant, group, dataId });

beforeEach(async () => {
  target = await nacosTarget({ staleReadMs: 100, minLongPollMs: 10_000 });
  client = new NacosClient({ serverUrl: target.url, username: target.username, password: target.password });
  await client.connect();
});
afterEach(() => target.close());

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('NacosClient config operations', () => {
  it('publishes, reads from the database at once and from the cache eventually, with matching md5', async () => {
    const content = 'kind: ConfigMap\ndata:\n  greeting: "héllo, 世界 🌍"';
    await client.publish(key('configmaps.a'), content);
    const detail = await client.getDetail(key('configmaps.a'));
    expect(detail?.content).toBe(content);
    expect(detail?.md5).toBe(contentMd5(content));
    const cached = await eventually(
      () => client.get(key('configmaps.a')),
      (v) => v !== undefined,
    );
    expect(cached?.content).toBe(content);
    expect(cached?.md5).toBe(contentMd5(content));
    expect(cached?.type).toBe('yaml');
  });

  it('returns undefined for missing configs and deletes idempotently', async () => {
    expect(await client.get(key('configmaps.none'))).toBeUndefined();
    expect(await client.getDetail(key('configmaps.none'))).toBeUndefined();
    await client.delete(key('configmaps.none'));
    await client.publish(key('configmaps.b'), 'x: 1');
    await client.delete(key('configmaps.b'));
    expect(await client.getDetail(key('configmaps.b'))).toBeUndefined();
  });

  it('compare-and-set: a stale md5 loses with Conflict, the current one wins', async () => {
    await client.publish(key('configmaps.c'), 'v: 1');
    const md5 = contentMd5('v: 1');
    await client.publish(key('configmaps.c'), 'v: 2', { casMd5: md5 });
    const err = await client.publish(key('configmaps.c'), 'v: 3', { casMd5: md5 }).catch((e: unknown) => e);
    expect(isNacosError(err, 'Conflict')).toBe(true);
    expect((err as NacosError).message).toContain('publish');
    expect((await client.getDetail(key('configmaps.c')))?.content).toBe('v: 2');
  });

  it('create-only: the second create of a key gets Conflict and leaves the first value', async () => {
    await client.publish(key('configmaps.d'), 'first: true', { createOnly: true });
    const err = await client
      .publish(key('configmaps.d'), 'second: true', { createOnly: true })
      .catch((e) => e);
    expect(isNacosError(err, 'Conflict')).toBe(true);
    expect((await client.getDetail(key('configmaps.d')))?.content).toBe('first: true');
  });

  it('a CAS race between two writers has exactly one winner', async () => {
    await client.publish(key('configmaps.race'), 'n: 0');
    const md5 = contentMd5('n: 0');
    const other = new NacosClient({
      serverUrl: target.url,
      username: target.username,
      password: target.password,
    });
    await other.connect();
    const results = await Promise.allSettled([
      client.publish(key('configmaps.race'), 'n: a', { casMd5: md5 }),
      other.publish(key('configmaps.race'), 'n: b', { casMd5: md5 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(isNacosError(lost.reason, 'Conflict')).toBe(true);
  });

  it('rejects bad input with clear errors and stores nothing', async () => {
    const blank = await client.publish(key('configmaps.e'), '   ').catch((e) => e);
    expect(isNacosError(blank, 'BadRequest')).toBe(true);
    const badId = await client.publish(key('configmaps/e'), 'a: 1').catch((e) => e);
    expect(isNacosError(badId, 'BadRequest')).toBe(true);
    expect((badId as Error).message).toMatch(/dataId/);
    expect(() => contentMd5('\ud800')).toThrow(/surrogate/);
    await expect(client.publish(key('configmaps.e'), 'a: \ud800')).rejects.toThrow(/surrogate/);
    expect(await client.getDetail(key('configmaps.e'))).toBeUndefined();
  });

  it('searches every page exactly once, in any server order, and filters blur results', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `routes.r${i}`);
    for (const n of names) await client.publish(key(n, 'ns1'), `name: ${n}`);
    await client.publish(key('routesXr0', 'ns1'), 'name: decoy');
    const found: string[] = [];
    for await (const item of searchConfigs(client, { tenant: target.tenant, group: 'ns1', pageSize: 5 })) {
      expect(item.md5).toBe(contentMd5(item.content));
      found.push(item.key.dataId);
    }
    expect(found.sort()).toEqual([...names, 'routesXr0'].sort());
    const blur: string[] = [];
    for await (const item of searchConfigs(client, {
      tenant: target.tenant,
      dataId: 'routes.*',
      mode: 'blur',
    })) {
      blur.push(item.key.dataId);
    }
    expect(blur.sort()).toEqual(names.sort());
  });

  it('long-polls: answers at once for a stale md5 and wakes on a change', async () => {
    await client.publish(key('configmaps.w'), 'v: 1');
    const now = await eventually(
      () => client.listen([{ key: key('configmaps.w'), md5: '' }], { timeoutMs: 30_000 }),
      (v) => v.length === 1,
    );
    expect(now).toEqual([key('configmaps.w')]);
    const current = await eventually(
      () => client.get(key('configmaps.w')),
      (v) => v?.md5 === contentMd5('v: 1'),
    );
    const parked = client.listen([{ key: key('configmaps.w'), md5: current!.md5 }], { timeoutMs: 30_000 });
    await client.publish(key('configmaps.w'), 'v: 2');
    expect(await parked).toEqual([key('configmaps.w')]);
  });

  it('lists namespaces with the default one first', async () => {
    const list = await listNamespaces(client);
    expect(list[0]?.type).toBe(0);
  });
});

describe('NacosClient failures', () => {
  it('reports readiness and an unreachable server through checkHealth', async () => {
    const target = await nacosTarget();
    try {
      const c = new NacosClient({
        serverUrl: target.url,
        username: target.username,
        password: target.password,
      });
      await c.connect();
      expect(await checkHealth(c)).toBeUndefined();
    } finally {
      await target.close();
    }
    const dead = new NacosClient({ serverUrl: 'http://127.0.0.1:1/nacos', retries: 0 });
    expect(await checkHealth(dead)).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1\/nacos/);
  });

  it('throws Forbidden from checkHealth when the login is refused (not a readiness state)', async () => {
    const server = await startNacosTestServer({ auth: true });
    try {
      const c = new NacosClient({ serverUrl: server.url, username: 'nacos', password: 'wrong', retries: 0 });
      await c.connect();
      const err = await checkHealth(c).catch((e: unknown) => e);
      expect(isNacosError(err, 'Forbidden')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('gives up on a server that never answers with Timeout', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as AddressInfo).port;
    try {
      const c = new NacosClient({
        serverUrl: `http://127.0.0.1:${port}/nacos`,
        timeoutMs: 200,
        retries: 1,
        retryBaseMs: 1,
      });
      const err = await c.get({ tenant: 't', group: 'g', dataId: 'd' }).catch((e: unknown) => e);
      expect(isNacosError(err, 'Timeout')).toBe(true);
      expect((err as Error).message).toMatch(/no answer from \/v1\/cs\/configs within 200 ms/);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('reports an unreachable server with the operation and address', async () => {
    const dead = new NacosClient({ serverUrl: 'http://127.0.0.1:1/nacos', retries: 1, retryBaseMs: 1 });
    const err = await dead.get({ tenant: 't', group: 'g', dataId: 'd' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NacosError);
    expect((err as NacosError).kind).toBe('Unreachable');
    expect((err as NacosError).message).toMatch(
      /get t\/g\/d failed: cannot reach http:\/\/127\.0\.0\.1:1\/nacos/,
    );
  });
});
