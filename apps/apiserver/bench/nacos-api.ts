/**
 * Through the API on Nacos storage (`tsx --conditions=@hs/source bench/nacos-api.ts`): two API
 * servers on one Nacos, a watch on B; write→watch latency = POST to A until B's watch delivers the
 * event; creates/s = ConfigMap POSTs to A with 16 in flight. Measured on the Nacos test server
 * (100 ms stale reads, as the driver bench) and, in the same run, on a real Nacos 3.1 started with
 * startRealNacos (skipped with the reason printed when it cannot start). Writes
 * <repo>/bench-results/nacos-api.json; the real figures are reported beside the test server's
 * (ratio real / test server), no target is asserted on the real one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startRealNacos } from '@hs/nacos-client/real-nacos';
import { type NacosTarget, nacosTarget } from '@hs/nacos-client/testing';
import { createNacosDriver, createStorage, type Storage } from '@hs/storage';
import { type StartedServer, startServer } from '../src/start-server.js';
import { openWatch } from '../src/testing/watch-client.js';
import { percentile, round } from './load.js';

const PATH = '/api/v1/namespaces/default/configmaps';
const SEQUENTIAL = 60;
const CREATES = 200;
const IN_FLIGHT = 16;

const body = (name: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v: name } });

async function post(server: StartedServer, name: string): Promise<string> {
  for (;;) {
    const res = await fetch(`${server.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(name),
    });
    const text = await res.text();
    if (res.status === 201)
      return (JSON.parse(text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    if (res.status !== 503 && res.status !== 429) throw new Error(`POST ${name}: ${res.status} ${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function measure(target: NacosTarget) {
  const storages: Storage[] = [];
  const servers: StartedServer[] = [];
  const replica = async () => {
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
  };
  try {
    const a = await replica();
    const b = await replica();
    await post(a, 'warm-up');
    const list = (await (await fetch(`${b.url}${PATH}`)).json()) as { metadata: { resourceVersion: string } };
    const watch = await openWatch(
      `${b.url}${PATH}?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
    );
    const latency: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t0 = performance.now();
      const rv = await post(a, `s${i}`);
      for (;;) {
        const e = await watch.next();
        if (e.object.metadata?.resourceVersion === rv) break;
      }
      latency.push(performance.now() - t0);
    }
    watch.close();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < CREATES) await post(a, `c${next++}`);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
      writeToWatch: {
        count: latency.length,
        p50Ms: round(percentile(latency, 0.5), 1),
        p99Ms: round(percentile(latency, 0.99), 1),
      },
      createsPerSecond: round(CREATES / seconds, 1),
    };
  } finally {
    await Promise.allSettled(servers.map((s) => s.close()));
    await Promise.allSettled(storages.map((s) => s.close()));
  }
}

const testServer = await nacosTarget({ staleReadMs: 100 });
const onTestServer = await measure(testServer).finally(() => testServer.close());
console.log('test server', JSON.stringify(onTestServer));

let onReal: Awaited<ReturnType<typeof measure>> | { skipped: string };
try {
  const nacos = await startRealNacos({ log: (l) => console.log(`[real-nacos] ${l}`) });
  try {
    process.env.NACOS_TEST_URL = nacos.url;
    process.env.NACOS_TEST_USERNAME = nacos.username;
    process.env.NACOS_TEST_PASSWORD = nacos.password;
    const target = await nacosTarget();
    onReal = await measure(target).finally(() => target.close());
  } finally {
    await nacos.stop();
  }
} catch (err) {
  onReal = { skipped: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  console.log(`real Nacos skipped: ${onReal.skipped}`);
}
console.log('real Nacos', JSON.stringify(onReal));

const results = {
  bench: 'nacos-api',
  measuredAt: new Date().toISOString(),
  note: 'two API servers on one Nacos: POST to A until the watch on B delivers it; creates/s with 16 in flight',
  testServer: onTestServer,
  realNacos: onReal,
  ...('skipped' in onReal
    ? {}
    : {
        realVsTestServer: {
          writeToWatchP99Ratio: round(onReal.writeToWatch.p99Ms / onTestServer.writeToWatch.p99Ms),
          createsPerSecondRatio: round(onReal.createsPerSecond / onTestServer.createsPerSecond),
        },
      }),
};
const dir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
await mkdir(dir, { recursive: true });
await writeFile(`${dir}nacos-api.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${dir}nacos-api.json`);
