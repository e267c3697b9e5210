/**
 * Two API servers spread over a three-node real Nacos cluster (cluster mode, embedded storage
 * replicated by JRaft), under sustained writes through the API (issue 16 item 4):
 * 1. a Nacos node dies (SIGKILL) and comes back on its data;
 * 2. the API server that holds the write lease dies without releasing it.
 * Counted: acknowledged writes lost, duplicate or missing watch events on the surviving API server
 * (an informer-style watch that resumes from its last resourceVersion), and the time until writes
 * are acknowledged again. Runs only in the `real-nacos` project (vitest.real-nacos.ts), which skips
 * it with the reason when no real Nacos can be started.
 */
import { type RealNacosCluster, startRealNacosCluster } from '@hs/nacos-client/real-nacos';
import { createNacosDriver, createStorage, type Storage } from '@hs/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';
import { openWatch } from '../testing/watch-client.js';

const PATH = '/api/v1/namespaces/default/configmaps';
const say = (line: string) => console.log(`[nacos-cluster] ${line}`);

interface Replica {
  name: string;
  server: StartedServer;
  storage: Storage;
  driver: ReturnType<typeof createNacosDriver>;
  alive: boolean;
}

/** Watches ConfigMaps on one API server, resuming from the last resourceVersion when the stream ends. */
function informer(replica: Replica, fromRv: string) {
  const seen: { type: string; name: string; rv: number }[] = [];
  let rv = fromRv;
  let stopped = false;
  const done = (async () => {
    while (!stopped && replica.alive) {
      try {
        const watch = await openWatch(`${replica.server.url}${PATH}?watch=true&resourceVersion=${rv}`);
        try {
          for (;;) {
            const e = await watch.next();
            if (e.type === 'ERROR') break;
            const meta = e.object.metadata as { name: string; resourceVersion: string };
            rv = meta.resourceVersion;
            seen.push({ type: e.type, name: meta.name, rv: Number(rv) });
          }
        } finally {
          watch.close();
        }
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  })();
  return {
    seen,
    stop: async () => {
      stopped = true;
      await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
    },
  };
}

describe('two API servers on a three-node Nacos cluster', () => {
  let cluster: RealNacosCluster;
  const replicas: Replica[] = [];

  async function replica(name: string, memberUrl: string): Promise<Replica> {
    const driver = createNacosDriver({
      serverUrl: memberUrl,
      username: cluster.username,
      password: cluster.password,
      namespaceId: 'public',
      leaseTtlMs: 6000,
      forward: { host: '127.0.0.1' },
    });
    const storage = await createStorage({ driver });
    const server = await startServer({ storage, port: 0, host: '127.0.0.1' });
    const r = { name, server, storage, driver, alive: true };
    replicas.push(r);
    return r;
  }

  /** Creates one ConfigMap through any live replica, retrying as client-go does; resolves with its rv once acknowledged. */
  async function create(name: string): Promise<number> {
    const deadline = Date.now() + 180_000;
    let last = 'no answer';
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const live = replicas.filter((r) => r.alive);
      const r = live[attempt % live.length]!;
      try {
        const res = await fetch(`${r.server.url}${PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name },
            data: { v: name },
          }),
          signal: AbortSignal.timeout(20_000),
        });
        const body = (await res.json()) as {
          metadata?: { resourceVersion?: string };
          reason?: string;
          message?: string;
        };
        last = `${r.name}: ${res.status} ${body.reason ?? ''} ${body.message ?? ''}`;
        if (res.status === 201) return Number(body.metadata?.resourceVersion);
        if (res.status === 409 && body.reason === 'AlreadyExists') {
          // An earlier attempt was committed but its answer was lost: it is acknowledged now.
          const got = await fetch(`${r.server.url}${PATH}/${name}`);
          return Number(
            ((await got.json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
          );
        }
      } catch (err) {
        // a replica that is going away, or a timeout: try again
        last = `${r.name}: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (attempt % 10 === 9) {
        const states = replicas.map(
          (x) =>
            `${x.name} ${x.alive ? '' : 'dead '}${x.driver.lease.holding ? 'holds the lease' : 'follower'} ${x.driver.health() ?? 'healthy'}`,
        );
        say(
          `${name} not acknowledged after ${attempt + 1} attempts; last answer: ${last}; ${states.join('; ')}`,
        );
      }
      await new Promise((res) => setTimeout(res, 250));
    }
    throw new Error(`${name} was not acknowledged within 180 s (last answer: ${last})`);
  }

  beforeAll(async () => {
    const t0 = Date.now();
    cluster = await startRealNacosCluster({ log: say });
    say(`3 members of Nacos ${cluster.version} ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 900_000);
  afterAll(async () => {
    await Promise.allSettled(replicas.filter((r) => r.alive).map((r) => r.server.close()));
    await Promise.allSettled(replicas.filter((r) => r.alive).map((r) => r.storage.close()));
    await cluster?.stop();
  }, 120_000);

  it('loses no acknowledged write and no watch event when a Nacos node and then the lease holder die', async () => {
    const [m0, m1] = cluster.members as [RealNacosCluster['members'][0], RealNacosCluster['members'][0]];
    const a = await replica('A', m0.url);
    const b = await replica('B', m1.url);
    const start = (await (await fetch(`${b.server.url}${PATH}`)).json()) as {
      metadata: { resourceVersion: string };
    };
    const watchA = informer(a, start.metadata.resourceVersion);
    const watchB = informer(b, start.metadata.resourceVersion);

    const acked = new Map<string, number>();
    let stop = false;
    let next = 0;
    const ackTimes: number[] = [];
    let failed: unknown;
    const recoveredAfter = async (since: number) => {
      const before = ackTimes.filter((t) => t > since).length;
      while (ackTimes.filter((t) => t > since).length <= before + 5) {
        if (failed) throw failed;
        await new Promise((r) => setTimeout(r, 100));
      }
      return (ackTimes.find((t) => t > since)! - since) / 1000;
    };
    const writer = async () => {
      while (!stop) {
        const name = `w-${next++}`;
        try {
          acked.set(name, await create(name));
        } catch (err) {
          failed = err;
          throw err;
        }
        ackTimes.push(Date.now());
      }
    };
    const waitForAcks = async (n: number) => {
      const target = acked.size + n;
      while (acked.size < target) {
        if (failed) throw failed;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // A writer that gives up is reported through `failed` by the waits below.
    const writers = [writer(), writer(), writer()].map((w) => w.catch(() => undefined));

    await waitForAcks(30);
    // 1. the Nacos node A talks to dies during the writes, then comes back on its data
    const killedAt = Date.now();
    await m0.kill();
    say(`killed Nacos member 0 after ${acked.size} acknowledged writes`);
    await waitForAcks(30);
    const t1 = Date.now();
    await m0.restart();
    say(
      `member 0 back after ${((Date.now() - t1) / 1000).toFixed(1)} s; first ack after the kill: ${((ackTimes.find((t) => t > killedAt)! - killedAt) / 1000).toFixed(1)} s`,
    );
    await waitForAcks(30);

    // 2. the API server that holds the write lease dies without releasing it
    const holder = replicas.find((r) => r.driver.lease.holding) ?? a;
    const survivor = holder === a ? b : a;
    const survivorWatch = holder === a ? watchB : watchA;
    const crashedAt = Date.now();
    holder.alive = false;
    await holder.driver.abandon();
    await holder.server.close();
    say(`crashed API server ${holder.name} (the lease holder) after ${acked.size} acknowledged writes`);
    const recovery = await recoveredAfter(crashedAt);
    say(`writes acknowledged again ${recovery.toFixed(1)} s after the lease holder crashed`);
    await waitForAcks(30);
    stop = true;
    await Promise.all(writers);

    // Every acknowledged write is stored, once, on the survivor, and its watch saw each exactly once.
    const list = (await (await fetch(`${survivor.server.url}${PATH}`)).json()) as {
      metadata: { resourceVersion: string };
      items: { metadata: { name: string; resourceVersion: string } }[];
    };
    const stored = new Map(list.items.map((i) => [i.metadata.name, Number(i.metadata.resourceVersion)]));
    const lost = [...acked.keys()].filter((n) => !stored.has(n));
    const wrongRv = [...acked].filter(([n, rv]) => stored.get(n) !== rv).map(([n]) => n);
    while (survivorWatch.seen.length < stored.size && Date.now() - crashedAt < 240_000)
      await new Promise((r) => setTimeout(r, 200));
    await survivorWatch.stop();
    await (holder === a ? watchA : watchB).stop();
    const added = survivorWatch.seen.filter((e) => e.type === 'ADDED').map((e) => e.name);
    const duplicates = added.filter((n, i) => added.indexOf(n) !== i);
    const missing = [...stored.keys()].filter((n) => !added.includes(n));
    const rvs = survivorWatch.seen.map((e) => e.rv);
    say(
      `${acked.size} acknowledged, ${lost.length} lost, ${duplicates.length} duplicate and ${missing.length} missing watch events`,
    );
    expect(lost).toEqual([]);
    expect(wrongRv).toEqual([]);
    expect(duplicates).toEqual([]);
    expect(missing).toEqual([]);
    expect([...rvs].sort((p, q) => p - q)).toEqual(rvs);
  }, 900_000);
});
