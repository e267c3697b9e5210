/**
 * `pnpm bench`, issue 15: the API server bench's figures against our apiserver and a real
 * kube-apiserver + etcd started in the same run, both on this machine's disk with durable writes,
 * both over HTTPS with the same admin client certificate (system:masters), each in its own
 * process(es) apart from this load generator:
 *   durable creates/s, 32 clients (closed loop)  — they fill the namespace LIST reads
 *   GET one object, req/s (autocannon, 32 connections, best of 2 alternating rounds)
 *   LIST 10,000 objects, p50 of sequential GETs of the collection (best of 2 rounds)
 *   watch fan-out: one write, time until all of 1,000 watchers received its event (p50/p99)
 * Ours runs as the real binary's secure port (server-process.ts with a TLS file: file storage,
 * client certificates, RBAC, default limits but no per-client watch cap, which kube-apiserver
 * lacks). Prints ours/kube ratios against the targets and writes
 * bench-results/apiserver-side-by-side.json; without the kube-apiserver build or etcd it says why
 * and skips. SIDE_BY_SIDE_LIST=<n> changes the list size; BENCH_CPU_PROF=<dir> profiles ours.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubeApiserverMissing, startKubeApiserver } from '@hs/peers';
import { configMap } from './fixtures.js';
import { startServerProcess } from './fork-server.js';
import {
  type ClientTls,
  closedLoopPosts,
  keepAliveAgent,
  type Latency,
  requestFor,
  round,
  sequentialLatency,
  type Throughput,
  throughput,
} from './load.js';
import { type FanoutResult, watchFanout } from './watch-fanout.js';

const LIST_SIZE = Number(process.env.SIDE_BY_SIDE_LIST ?? 10_000);
const WATCHERS = 1_000;
const CLIENTS = 32;
const json = { 'content-type': 'application/json', accept: 'application/json' };

interface Side {
  name: 'ours' | 'kube';
  url: string;
}

interface Figures {
  creates: Throughput;
  get: Throughput;
  list: Latency;
  fanout: FanoutResult;
}

function sender(tls: ClientTls) {
  return (url: string, method: string, body: unknown, contentType = 'application/json') =>
    new Promise<string>((resolve, reject) => {
      const agent = keepAliveAgent(url, 1, tls);
      const req = requestFor(
        url,
        { method, agent, headers: { ...json, 'content-type': contentType } },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => {
            text += d;
          });
          res.on('end', () => {
            agent.destroy();
            (res.statusCode ?? 500) < 300
              ? resolve(text)
              : reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`));
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url}: timed out`)));
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
}

const collection = (side: Side, ns: string) => `${side.url}/api/v1/namespaces/${ns}/configmaps`;

/** Namespaces, the GET object and the watched object, made through the API on both sides. */
async function setUp(side: Side, send: ReturnType<typeof sender>) {
  for (const ns of ['sbs-get', 'sbs-watch', 'sbs-list', 'sbs-warm'])
    await send(`${side.url}/api/v1/namespaces`, 'POST', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  await send(collection(side, 'sbs-get'), 'POST', configMap('sbs-get', 'object'));
  await send(collection(side, 'sbs-watch'), 'POST', configMap('sbs-watch', 'watched'));
}

/** Creates, uncounted then counted: the counted ones are the LIST's objects. */
async function creates(side: Side, tls: ClientTls): Promise<Throughput> {
  const post = (ns: string, amount: number, prefix: string) =>
    closedLoopPosts({
      url: collection(side, ns),
      connections: CLIENTS,
      amount,
      headers: json,
      body: (i) => JSON.stringify(configMap(ns, `${prefix}-${String(i).padStart(5, '0')}`)),
      tls,
    });
  await post('sbs-warm', 1_000, 'warm'); // JIT, caches, etcd's first compaction window: not counted
  return post('sbs-list', LIST_SIZE, 'item');
}

async function fanout(side: Side, tls: ClientTls, send: ReturnType<typeof sender>): Promise<FanoutResult> {
  const watched = collection(side, 'sbs-watch');
  const list = JSON.parse(await send(watched, 'GET', undefined)) as { metadata: { resourceVersion: string } };
  return watchFanout(
    {
      watchUrl: `${watched}?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
      write: async (value) => {
        await send(`${watched}/watched`, 'PATCH', { data: { value } }, 'application/merge-patch+json');
      },
      tls,
    },
    { watchers: WATCHERS, writes: 100 },
  );
}

/** Runs `measure` on each side alternately `rounds` times, keeping each side's best. */
async function alternating<T>(
  sides: readonly Side[],
  rounds: number,
  measure: (side: Side) => Promise<T>,
  better: (a: T, b: T) => boolean,
): Promise<Map<Side['name'], T>> {
  const best = new Map<Side['name'], T>();
  for (let i = 0; i < rounds; i++)
    for (const side of sides) {
      const next = await measure(side);
      const had = best.get(side.name);
      if (had === undefined || better(next, had)) best.set(side.name, next);
    }
  return best;
}

async function measure(kube: Side, ours: Side, tls: ClientTls): Promise<Record<Side['name'], Figures>> {
  const send = sender(tls);
  const sides = [kube, ours];
  for (const side of sides) await setUp(side, send);
  const made = new Map<Side['name'], Throughput>();
  for (const side of sides) made.set(side.name, await creates(side, tls));
  const gets = await alternating(
    sides,
    2,
    (side) =>
      throughput({
        url: `${collection(side, 'sbs-get')}/object`,
        connections: CLIENTS,
        duration: 3,
        headers: json,
        tls,
      }),
    (a, b) => a.requestsPerSecond > b.requestsPerSecond,
  );
  const lists = await alternating(
    sides,
    2,
    (side) => sequentialLatency(collection(side, 'sbs-list'), 10, 2, tls),
    (a, b) => a.p50Ms < b.p50Ms,
  );
  const fanouts = new Map<Side['name'], FanoutResult>();
  for (const side of sides) fanouts.set(side.name, await fanout(side, tls, send));
  const of = (name: Side['name']): Figures => {
    const [c, g, l, f] = [made.get(name), gets.get(name), lists.get(name), fanouts.get(name)];
    if (!c || !g || !l || !f) throw new Error(`no figures for ${name}`);
    return { creates: c, get: g, list: l, fanout: f };
  };
  return { ours: of('ours'), kube: of('kube') };
}

const missing = kubeApiserverMissing();
if (missing) {
  console.log(`apiserver side-by-side bench skipped: ${missing}`);
} else {
  const load = loadavg();
  const oracle = await startKubeApiserver();
  const dir = await mkdtemp(join(tmpdir(), 'hs-side-by-side-'));
  const { pki } = oracle;
  const tlsFile = join(dir, 'serving.json');
  await writeFile(
    tlsFile,
    JSON.stringify({ cert: pki.servingCertPem, key: pki.servingKeyPem, ca: pki.caPem }),
    { mode: 0o600 },
  );
  const server = await startServerProcess(['file', '0', tlsFile]);
  let figures: Record<Side['name'], Figures>;
  try {
    figures = await measure(
      { name: 'kube', url: oracle.url },
      { name: 'ours', url: server.api },
      { ca: pki.caPem, cert: pki.adminCertPem, key: pki.adminKeyPem },
    );
  } finally {
    await server.stop();
    await oracle.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const { ours, kube } = figures;
  const rows = [
    {
      figure: `durable creates/s (${CLIENTS} clients)`,
      ours: ours.creates.requestsPerSecond,
      kube: kube.creates.requestsPerSecond,
      target: '>= 1.0',
    },
    {
      figure: `GET one object, req/s (${CLIENTS} conns)`,
      ours: ours.get.requestsPerSecond,
      kube: kube.get.requestsPerSecond,
      target: '>= 1.0',
    },
    {
      figure: `LIST ${LIST_SIZE} objects, p50 ms`,
      ours: ours.list.p50Ms,
      kube: kube.list.p50Ms,
      target: '<= 1.0',
    },
    {
      figure: `watch fan-out ${WATCHERS} watchers, p50 ms`,
      ours: ours.fanout.p50Ms,
      kube: kube.fanout.p50Ms,
      target: '',
    },
    {
      figure: `watch fan-out ${WATCHERS} watchers, p99 ms`,
      ours: ours.fanout.p99Ms,
      kube: kube.fanout.p99Ms,
      target: '<= 1.0',
    },
  ].map((row) => ({ ...row, 'ours/kube': round(row.ours / row.kube) }));
  console.table(rows);
  const failed = [ours, kube].flatMap((f) => [f.creates, f.get]).filter((t) => t.non2xx > 0 || t.errors > 0);
  const missed = ours.fanout.missed + kube.fanout.missed;
  if (failed.length > 0 || missed > 0)
    console.warn('warning: some requests failed or events were missed', { failed, missed });
  const report = {
    name: 'side by side: our apiserver (file storage) vs kube-apiserver 1.32 + etcd',
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverageAtStart: load.map((n) => round(n)),
    listObjects: LIST_SIZE,
    watchers: WATCHERS,
    clients: CLIENTS,
    ours,
    kube,
    ratios: Object.fromEntries(rows.map((r) => [r.figure, r['ours/kube']])),
    targets: {
      createsRatioAtLeast: 1,
      getRatioAtLeast: 1,
      listP50RatioAtMost: 1,
      fanoutP99RatioAtMost: 1,
    },
  };
  const out = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
  await mkdir(out, { recursive: true });
  await writeFile(`${out}apiserver-side-by-side.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${out}apiserver-side-by-side.json`);
}
