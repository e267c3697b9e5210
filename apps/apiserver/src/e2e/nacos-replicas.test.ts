/**
 * Two API servers on one Nacos (the Nacos test server, or a real Nacos when NACOS_TEST_URL is set):
 * a watcher on one sees the writes made through the other in the same order with the same
 * resourceVersions, and concurrent updates of one object through both give exactly one success
 * and one 409 Conflict — the guarantees a single kube-apiserver gives, across replicas; when the
 * lease holder crashes, the other takes creates and consistent reads once it holds the lease.
 */
import { type NacosTarget, nacosTarget } from '@hs/nacos-client/testing';
import { createNacosDriver, createStorage, type Storage } from '@hs/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';
import { openWatch, type RawWatch } from '../testing/watch-client.js';

const PATH = '/api/v1/namespaces/default/configmaps';

/** A ConfigMap, a ConfigMapList or a Status, as far as these tests read them. */
interface Answer {
  kind: string;
  reason?: string;
  code?: number;
  metadata: { resourceVersion: string };
  data?: Record<string, string>;
}

describe('two API servers on one Nacos', () => {
  let target: NacosTarget;
  const storages: Storage[] = [];
  const servers: StartedServer[] = [];
  const drivers: ReturnType<typeof createNacosDriver>[] = [];

  async function replica(): Promise<StartedServer> {
    const driver = createNacosDriver({
      serverUrl: target.url,
      username: target.username,
      password: target.password,
      namespaceId: target.tenant,
      forward: { host: '127.0.0.1' },
      leaseTtlMs: 3000,
    });
    drivers.push(driver);
    const storage = await createStorage({ driver });
    storages.push(storage);
    const server = await startServer({ storage, port: 0, host: '127.0.0.1' });
    servers.push(server);
    return server;
  }

  // Like client-go (rest/request.go), a 503 or 429 carrying Retry-After is retried, a bounded
  // number of times: a replica answers that while the write lease moves between replicas.
  const send = async (server: StartedServer, method: string, path: string, body?: unknown) => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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
  const configMap = (name: string, value: string, resourceVersion?: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(resourceVersion ? { resourceVersion } : {}) },
    data: { v: value },
  });

  beforeAll(async () => {
    target = await nacosTarget({ staleReadMs: 100 });
  });
  afterAll(async () => {
    await Promise.allSettled(servers.map((s) => s.close()));
    await Promise.allSettled(storages.map((s) => s.close()));
    await target.close();
  });

  it('a watcher on one sees writes through the other, in order, with the same resourceVersions', async () => {
    const a = await replica();
    const b = await replica();
    // 1. both replicas agree on the starting point
    const list = await send(b, 'GET', PATH);
    const watch: RawWatch = await openWatch(
      `${b.url}${PATH}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`,
    );
    try {
      // 2. writes through A (the second one a write that B's driver forwards is exercised below)
      const created = await send(a, 'POST', PATH, configMap('x', '1'));
      expect(created.status).toBe(201);
      const updated = await send(
        a,
        'PUT',
        `${PATH}/x`,
        configMap('x', '2', created.body.metadata.resourceVersion),
      );
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
      const viaB = await send(b, 'POST', PATH, configMap('y', '1'));
      expect(viaB.status).toBe(201);
      const deleted = await send(a, 'DELETE', `${PATH}/x`);
      expect(deleted.status).toBe(200);

      // 3. the watcher on B sees all four, in order, with A's resourceVersions
      const events = [await watch.next(), await watch.next(), await watch.next(), await watch.next()];
      expect(events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
        'ADDED x',
        'MODIFIED x',
        'ADDED y',
        'DELETED x',
      ]);
      expect(events[0]?.object.metadata?.resourceVersion).toBe(created.body.metadata.resourceVersion);
      expect(events[1]?.object.metadata?.resourceVersion).toBe(updated.body.metadata.resourceVersion);
      expect(events[2]?.object.metadata?.resourceVersion).toBe(viaB.body.metadata.resourceVersion);
      const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
      expect([...rvs].sort((p, q) => p - q)).toEqual(rvs);
    } finally {
      watch.close();
    }
  });

  it('concurrent updates of one object through both: exactly one succeeds, the other gets 409', async () => {
    const [a, b] = servers as [StartedServer, StartedServer];
    const created = await send(a, 'POST', PATH, configMap('k', '0'));
    const rv = created.body.metadata.resourceVersion;
    // B must have applied the create before it can be asked to update it.
    for (let i = 0; i < 100; i++) {
      if ((await send(b, 'GET', `${PATH}/k`)).status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const results = await Promise.all([
      send(a, 'PUT', `${PATH}/k`, configMap('k', 'from-a', rv)),
      send(b, 'PUT', `${PATH}/k`, configMap('k', 'from-b', rv)),
    ]);
    const codes = results.map((r) => r.status).sort();
    expect(codes).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    const winner = results.find((r) => r.status === 200)!;
    const stored = await send(a, 'GET', `${PATH}/k`);
    expect(stored.body.data).toEqual(winner.body.data);
  });

  it('when the lease holder crashes, the other takes creates and consistent reads after the failover gap', async () => {
    const holder = drivers.findIndex((d) => d.lease.holding);
    expect(holder).toBeGreaterThanOrEqual(0);
    const other = servers[holder === 0 ? 1 : 0]!;
    const before = await send(other, 'GET', PATH);
    // Crash: no renewal, no release; the other replica takes over and skips revisions it cannot
    // know were not handed out. Its watch cache holds no event in that gap: nothing may wait for one.
    await drivers[holder]!.abandon();
    const answers: number[] = [];
    let created: Awaited<ReturnType<typeof send>> | undefined;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const res = await send(other, 'POST', PATH, configMap('after-crash', '1'));
      answers.push(res.status);
      if (res.status === 201) {
        created = res;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(created?.status, `answers: ${answers.join(',')}`).toBe(201);
    expect(Number(created!.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(before.body.metadata.resourceVersion) + 1000 - 1,
    );
    const list = await send(other, 'GET', PATH);
    expect(list.status).toBe(200);
    expect(list.body.metadata.resourceVersion).toBe(created!.body.metadata.resourceVersion);
    expect((await send(other, 'GET', `${PATH}/after-crash`)).status).toBe(200);
  }, 90_000);
});
