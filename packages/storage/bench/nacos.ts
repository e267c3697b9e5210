/**
 * Nacos write-to-watch latency (run from packages/storage: `tsx --conditions=@hs/source
 * bench/nacos.ts`): two driver replicas on the Nacos test server with 100 ms stale-read
 * injection; each write goes through the leader and is timed until a subscriber on the follower
 * receives it. The ceiling measured in the same run is Nacos itself: a raw publish until a raw
 * long-poll on the same key wakes. Target: write→watch p99 ≤ 300 ms. Writes
 * <repo>/bench-results/nacos.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { contentMd5, NacosClient } from '@hs/nacos-client';
import { startNacosTestServer } from '@hs/nacos-client/testing';
import type { DriverEvent } from '../src/driver.js';
import { NacosDriver } from '../src/drivers/nacos/nacos-driver.js';

const STALE_MS = 100;
const SEQUENTIAL = 100;
const BURST = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
}

function stats(values: number[]) {
  return {
    count: values.length,
    p50Ms: percentile(values, 50),
    p90Ms: percentile(values, 90),
    p99Ms: percentile(values, 99),
    maxMs: percentile(values, 100),
  };
}

const server = await startNacosTestServer({ staleReadMs: STALE_MS });
const tenant = 'higress-system';
const make = () =>
  new NacosDriver({
    serverUrl: server.url,
    namespaceId: tenant,
    leaseTtlMs: 10_000,
    forward: { host: '127.0.0.1' },
  });
const leader = make();
const follower = make();
await leader.start();
await follower.start();

const arrived = new Map<number, number>();
let wake: (() => void) | undefined;
follower.subscribe(follower.currentRevision(), (events: DriverEvent[]) => {
  for (const e of events) arrived.set(e.revision, performance.now());
  wake?.();
});
const until = async (rev: number) => {
  while (!arrived.has(rev)) await new Promise<void>((resolve) => (wake = resolve));
};

const value = (i: number) => (rev: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: default\n  resourceVersion: "${rev}"\ndata:\n  i: "${i}"\n`;

const sequential: number[] = [];
for (let i = 0; i < SEQUENTIAL; i++) {
  const t0 = performance.now();
  const kv = await leader.create(`configmaps/default/c${i}`, value(i));
  await until(kv.revision);
  sequential.push(arrived.get(kv.revision)! - t0);
}

const t0 = performance.now();
const burst = await Promise.all(
  Array.from({ length: BURST }, (_, i) => leader.create(`configmaps/default/b${i}`, value(1000 + i))),
);
await until(Math.max(...burst.map((kv) => kv.revision)));
const burstLatency = burst.map((kv) => arrived.get(kv.revision)! - t0);

// Ceiling: Nacos alone, a publish until a parked long-poll on that key wakes.
const raw = new NacosClient({ serverUrl: server.url });
await raw.connect();
const ceiling: number[] = [];
const key = { tenant, group: 'bench', dataId: 'raw.ceiling' };
let md5 = '';
for (let i = 0; i < 30; i++) {
  const content = `n: ${i}`;
  const parked = raw.listen([{ key, md5 }], { timeoutMs: 30_000 });
  const start = performance.now();
  await raw.publish(key, content);
  await parked;
  ceiling.push(performance.now() - start);
  md5 = contentMd5(content);
}

await follower.close();
await leader.close();
await server.close();

const results = {
  bench: 'nacos',
  measuredAt: new Date().toISOString(),
  node: process.version,
  staleReadMs: STALE_MS,
  note: 'write through the leader replica until a subscriber on the follower replica receives it',
  writeToWatchSequential: stats(sequential),
  // Informational: 50 concurrent writes are group-committed; this is the time until the whole burst
  // reached the follower (a makespan, not a per-write latency).
  burstDeliveredMs: { writes: BURST, ...stats(burstLatency) },
  ceilingRawPublishToListener: stats(ceiling),
  p99VsCeiling: Number((percentile(sequential, 99) / percentile(ceiling, 99)).toFixed(2)),
  targets: { writeToWatchP99Ms: 300 },
  pass: percentile(sequential, 99) <= 300,
};

console.table([
  { measure: 'write→watch p50 ms (sequential)', value: results.writeToWatchSequential.p50Ms },
  { measure: 'write→watch p99 ms (sequential)', value: results.writeToWatchSequential.p99Ms },
  { measure: `burst of ${BURST} delivered, ms (makespan)`, value: results.burstDeliveredMs.maxMs },
  { measure: 'ceiling: raw publish→listener p99 ms', value: results.ceilingRawPublishToListener.p99Ms },
  { measure: 'p99 / ceiling', value: results.p99VsCeiling },
]);
const dir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
await mkdir(dir, { recursive: true });
await writeFile(`${dir}nacos.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${dir}nacos.json`);
