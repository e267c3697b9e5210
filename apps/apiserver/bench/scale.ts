/**
 * The scale bench (issue 13): N ConfigMaps of ~1.5 KB on file storage and on Nacos storage (the
 * Nacos test server in a process of its own), the API server in its own process on 127.0.0.1
 * (plain HTTP). Figures, each beside its target:
 *   durable creates/s (32 clients) near 0, N/2 and N objects, and their ratio;
 *   server RSS steady and after 5 cluster-wide LISTs, against the bytes stored;
 *   the time of a cluster-wide LIST, of a paginated LIST (limit 500) and GET p50/p99;
 *   the maximum event-loop delay and the maximum create latency over an idle probe (one create
 *   every 250 ms), which covers the periodic sweep of the file driver;
 *   restart to ready (/readyz ok) and the first cluster-wide LIST after the restart (Nacos storage
 *   runs with --nacos-cache-dir, as an operator who wants fast restarts would).
 * BENCH_SCALE_N (default 100,000), BENCH_SCALE_PROBE_S (default 120) bound it; BENCH_SCALE_STORAGE
 * (`file`, `nacos`, default both) picks the storages; BENCH_CPU_PROF=<dir>
 * writes CPU profiles of the server processes, BENCH_TRACE_GC=1 prints their garbage collections.
 * Writes <repo>/bench-results/apiserver-scale.json.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { configMap, createNamespaces } from './fixtures.js';
import { closedLoopPosts, percentile, round, type Throughput } from './load.js';
import type { NacosServerMessage } from './nacos-test-server-process.js';
import type { ScaleMessage, ScaleRequest, ScaleStats } from './scale-server.js';

const N = Number(process.env.BENCH_SCALE_N ?? 100_000);
const PROBE_S = Number(process.env.BENCH_SCALE_PROBE_S ?? 120);
const SEGMENT = Math.max(500, Math.min(2_000, Math.floor(N / 20)));
const NAMESPACES = 10;
const PAYLOAD = 'x'.repeat(1_000);
const json = { 'content-type': 'application/json', accept: 'application/json' };

interface Server {
  api: string;
  /** When the server process had loaded its modules and began opening the storage (ms after spawn). */
  loadedAtMs: number;
  child: ChildProcess;
  ask(message: ScaleRequest): Promise<ScaleMessage>;
  stop(): Promise<void>;
}

function startServer(storageArgs: string[]): Promise<Server> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = fork(fileURLToPath(new URL('./scale-server.ts', import.meta.url)), storageArgs, {
    execArgv: [
      '--import',
      'tsx',
      '--conditions=@hs/source',
      '--expose-gc',
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ...(process.env.BENCH_TRACE_GC === '1' ? ['--trace-gc'] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: ((m: ScaleMessage) => void)[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`scale server exited with ${code}`)));
    child.on('message', (message: ScaleMessage) => {
      if (message.type !== 'listening') {
        replies.shift()?.(message);
        return;
      }
      resolve({
        api: message.api,
        loadedAtMs: message.loadedAtMs,
        child,
        ask: (m) =>
          new Promise((done) => {
            replies.push(done);
            child.send(m);
          }),
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.send('stop');
          }),
      });
    });
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function call(method: string, url: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: json }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${url}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: round(performance.now() - start), value };
}

/** A ConfigMap of about 1.5 KB stored. */
const body = (namespace: string, i: number) => {
  const cm = configMap(namespace, `cm-${String(i).padStart(7, '0')}`);
  return JSON.stringify({ ...cm, data: { ...(cm.data as object), payload: PAYLOAD } });
};
const nameOf = (i: number) =>
  `scale-${Math.floor(i / SEGMENT) % NAMESPACES}/cm-${String(i).padStart(7, '0')}`;

async function waitReady(api: string): Promise<void> {
  for (;;) {
    const res = await call('GET', `${api}/readyz`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function storedBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.yaml'))
      total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const stats = async (server: Server) => (await server.ask('stats')) as ScaleStats;
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

async function createSegment(server: Server, offset: number, amount: number): Promise<Throughput> {
  const namespace = `scale-${Math.floor(offset / SEGMENT) % NAMESPACES}`;
  const rate = await closedLoopPosts({
    url: `${server.api}/api/v1/namespaces/${namespace}/configmaps`,
    connections: 32,
    amount,
    headers: json,
    body: (i) => body(namespace, offset + i),
  });
  if (rate.non2xx > 0 || rate.errors > 0) throw new Error(`creates failed: ${JSON.stringify(rate)}`);
  return rate;
}

async function clusterList(server: Server): Promise<{ ms: number; items: number }> {
  const { ms, value } = await timed(() => call('GET', `${server.api}/api/v1/configmaps`));
  if (value.status !== 200) throw new Error(`cluster LIST answered ${value.status}`);
  return { ms, items: (JSON.parse(value.body) as { items: unknown[] }).items.length };
}

async function paginatedList(server: Server): Promise<{ ms: number; items: number; pages: number }> {
  let items = 0;
  let pages = 0;
  const { ms } = await timed(async () => {
    let token: string | undefined;
    do {
      const query = `limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const res = await call('GET', `${server.api}/api/v1/configmaps?${query}`);
      const page = JSON.parse(res.body) as { items: unknown[]; metadata: { continue?: string } };
      items += page.items.length;
      pages++;
      token = page.metadata.continue;
    } while (token);
  });
  return { ms, items, pages };
}

async function getLatency(server: Server, count: number): Promise<{ p50Ms: number; p99Ms: number }> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const [ns, name] = nameOf(Math.floor((i * 7919) % N)).split('/');
    const { ms, value } = await timed(() =>
      call('GET', `${server.api}/api/v1/namespaces/${ns}/configmaps/${name}`),
    );
    if (value.status !== 200) throw new Error(`GET answered ${value.status}`);
    samples.push(ms);
  }
  return { p50Ms: round(percentile(samples, 0.5)), p99Ms: round(percentile(samples, 0.99)) };
}

/** One create every 250 ms for PROBE_S seconds; the server's event-loop delay over the same time. */
async function idleProbe(
  server: Server,
): Promise<{ creates: number; maxCreateMs: number; p99CreateMs: number; eldMaxMs: number }> {
  await server.ask('reset');
  const samples: number[] = [];
  const end = performance.now() + PROBE_S * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const started = performance.now();
    const res = await call('POST', `${server.api}/api/v1/namespaces/probe/configmaps`, body('probe', i));
    if (res.status !== 201) throw new Error(`probe create answered ${res.status}`);
    samples.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, Math.max(0, 250 - (performance.now() - started))));
  }
  const after = await stats(server);
  return {
    creates: samples.length,
    maxCreateMs: round(Math.max(...samples)),
    p99CreateMs: round(percentile(samples, 0.99)),
    eldMaxMs: round(after.eldMaxMs),
  };
}

/** Where the objects live: the server's storage arguments and how many bytes it stores. */
interface Backend {
  name: 'file' | 'nacos';
  serverArgs: string[];
  storedBytes(): Promise<number>;
  close(): Promise<void>;
}

async function fileBackend(): Promise<Backend> {
  const root = await mkdtemp(join(tmpdir(), 'hs-scale-bench-'));
  return {
    name: 'file',
    serverArgs: ['file', root],
    storedBytes: () => storedBytes(root),
    close: () => rm(root, { recursive: true, force: true }),
  };
}

/** The Nacos test server in its own process (nacos-test-server-process.ts). */
async function nacosBackend(): Promise<Backend> {
  const child = fork(fileURLToPath(new URL('./nacos-test-server-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--conditions=@hs/source'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<NacosServerMessage>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`Nacos test server exited with ${code}`)));
    });
  const listening = await next();
  if (listening.type !== 'listening') throw new Error('Nacos test server did not start');
  // The apiserver's --nacos-cache-dir, so a restart reads from Nacos only what changed.
  const cacheDir = await mkdtemp(join(tmpdir(), 'hs-scale-cache-'));
  return {
    name: 'nacos',
    serverArgs: ['nacos', listening.url, 'nacos', 'nacos', cacheDir],
    storedBytes: async () => {
      const reply = next();
      child.send('bytes');
      const message = await reply;
      return message.type === 'bytes' ? message.bytes : 0;
    },
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.send('stop');
      await exited;
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

async function measure(backend: Backend): Promise<Record<string, unknown>> {
  let server = await startServer(backend.serverArgs);
  let report: Record<string, unknown>;
  try {
    await waitReady(server.api);
    await createNamespaces(server.api, [
      'probe',
      ...Array.from({ length: NAMESPACES }, (_, i) => `scale-${i}`),
    ]);
    const baseline = await stats(server);
    const segments: { at: number; rate: number }[] = [];
    for (let done = 0; done < N; ) {
      const amount = Math.min(SEGMENT, N - done);
      segments.push({ at: done, rate: (await createSegment(server, done, amount)).requestsPerSecond });
      done += amount;
      if (segments.length % 10 === 0) console.log(`scale bench (${backend.name}): ${done} of ${N} created`);
    }
    // The first segment warms the JIT: "at 0" is the second one (at SEGMENT objects).
    const at0 = segments[Math.min(1, segments.length - 1)]!.rate;
    const atHalf = segments.find((s) => s.at >= N / 2)?.rate ?? at0;
    const atN = segments[segments.length - 1]!.rate;

    await new Promise((r) => setTimeout(r, 3_000));
    await server.ask('gc');
    const steady = await stats(server);
    await server.ask('reset');
    const lists: number[] = [];
    for (let i = 0; i < 5; i++) lists.push((await clusterList(server)).ms);
    const afterLists = await stats(server);
    const paginated = await paginatedList(server);
    const get = await getLatency(server, 2_000);
    const probe = await idleProbe(server);
    const bytes = await backend.storedBytes();
    const beforeStop = await clusterList(server);

    await server.stop();
    const restartStart = performance.now();
    server = await startServer(backend.serverArgs);
    const listeningMs = round(performance.now() - restartStart);
    await waitReady(server.api);
    const restartToReadyMs = round(performance.now() - restartStart);
    await server.ask('reset');
    const firstList = await clusterList(server);
    const afterRestart = await stats(server);

    const ratio = round(atN / at0);
    report = {
      objects: N + probe.creates,
      storedMB: mb(bytes),
      creates: { at0, atHalf, atN, ratioAtNToAt0: ratio, target: '>= 0.8', pass: ratio >= 0.8 },
      rssMB: {
        steady: mb(steady.rss),
        afterFiveClusterLists: mb(afterLists.rss),
        emptyServer: mb(baseline.rss),
        ratioToStored: round(afterLists.rss / bytes),
        ratioAboveEmptyServerToStored: round((afterLists.rss - baseline.rss) / bytes),
        target: '<= 4x stored',
        pass: afterLists.rss <= 4 * bytes,
      },
      clusterListMs: { first: lists[0], best: Math.min(...lists), eldMaxMs: round(afterLists.eldMaxMs) },
      paginatedList500: paginated,
      get,
      idleProbe: {
        seconds: PROBE_S,
        ...probe,
        eldTarget: '<= 100 ms',
        eldPass: probe.eldMaxMs <= 100,
        createTarget: '<= 250 ms',
        createPass: probe.maxCreateMs <= 250,
      },
      restart: {
        listeningMs,
        restartToReadyMs,
        // The process loads its TypeScript modules through tsx first; storage opens after that.
        moduleLoadMs: round(server.loadedAtMs),
        storageOpenToReadyMs: round(restartToReadyMs - server.loadedAtMs),
        target: 'storage open to ready <= 5000 ms',
        pass: restartToReadyMs - server.loadedAtMs <= 5_000,
        firstClusterListMs: firstList.ms,
        clusterListItemsBeforeStop: beforeStop.items,
        firstClusterListItems: firstList.items,
        missingAfterRestart: beforeStop.items - firstList.items,
        eldMaxDuringFirstListMs: round(afterRestart.eldMaxMs),
      },
    };
  } finally {
    await server.stop().catch(() => {});
  }
  return report;
}

const resultsDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
/** Written after each storage, so a later failure keeps the earlier figures. */
async function writeReport(): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  await writeFile(`${resultsDir}apiserver-scale.json`, `${JSON.stringify(report, null, 2)}\n`);
}

/** BENCH_SCALE_STORAGE: `file`, `nacos` or both (default). */
const wanted = (process.env.BENCH_SCALE_STORAGE ?? 'file,nacos').split(',');
const report: Record<string, unknown> = {};
for (const [name, make] of [
  ['file', fileBackend],
  ['nacos', nacosBackend],
] as const) {
  if (!wanted.includes(name)) continue;
  const backend = await make();
  try {
    report[name] = await measure(backend);
  } catch (err) {
    // A storage that fails part-way is reported as such; the other's figures still count.
    report[name] = { error: err instanceof Error ? err.message : String(err) };
  } finally {
    await backend.close();
  }
  await writeReport();
}
agent.destroy();
console.log(JSON.stringify(report, null, 2));
console.log(`wrote ${resultsDir}apiserver-scale.json`);
