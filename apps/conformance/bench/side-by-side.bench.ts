/**
 * `pnpm bench` for conformance: the same workload against our apiserver and a real kube-apiserver
 * (on Debian's etcd, durable writes) started in the same run, printed side by side with ratios:
 * create N ConfigMaps (sequential, latency p50/p99), LIST them (p50), GET one (p50), and watch
 * latency from a write to its event (p50/p99). Written to bench-results/conformance-side-by-side.json.
 * Skips with a printed reason when kube-apiserver is not built or etcd is missing.
 *
 * Our server runs in this process (as the conformance gate runs it, on memory storage), so the
 * client's own work counts against it; kube-apiserver runs in its own process with etcd.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubeApiserverMissing } from '@hs/peers';
import { HttpSide } from '../src/http.js';
import { type Side, startTargets } from '../src/targets.js';

const N = Number(process.env.SIDE_BY_SIDE_N ?? 300);
const WATCH_WRITES = 100;
const root = fileURLToPath(new URL('../../..', import.meta.url));

const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const ms = (n: number) => Number(n.toFixed(3));

interface Figures {
  createP50: number;
  createP99: number;
  createsPerSecond: number;
  listP50: number;
  getP50: number;
  watchP50: number;
  watchP99: number;
}

async function workload(side: Side): Promise<Figures> {
  const http = new HttpSide(side);
  const ns = `bench-${side.name}`;
  const json = { accept: 'application/json', 'content-type': 'application/json' };
  const send = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await http.send({
      method,
      path,
      headers: { ...json, 'content-type': type },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${side.name}: ${method} ${path}: ${res.status} ${res.body}`);
    return res;
  };
  const timed = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  try {
    await send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const coll = `/api/v1/namespaces/${ns}/configmaps`;
    const creates: number[] = [];
    const started = performance.now();
    for (let i = 0; i < N; i++)
      creates.push(
        await timed(() =>
          send('POST', coll, {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `cm-${i}` },
            data: { i: String(i) },
          }),
        ),
      );
    const createsPerSecond = N / ((performance.now() - started) / 1000);
    const lists: number[] = [];
    for (let i = 0; i < 20; i++) lists.push(await timed(() => send('GET', coll)));
    const gets: number[] = [];
    for (let i = 0; i < N; i++) gets.push(await timed(() => send('GET', `${coll}/cm-${i % N}`)));

    const w = http.watch({ method: 'GET', path: `${coll}?watch=true&resourceVersion=0`, headers: json });
    await w.until(N, 10_000); // the initial ADDED events
    const watch: number[] = [];
    for (let i = 0; i < WATCH_WRITES; i++) {
      const before = w.events.length;
      const t = performance.now();
      await send('PATCH', `${coll}/cm-0`, { data: { i: `w${i}` } }, 'application/merge-patch+json');
      await w.until(before + 1, 10_000);
      if (w.events.length <= before) throw new Error(`${side.name}: no watch event for write ${i}`);
      watch.push(performance.now() - t);
    }
    w.close();
    return {
      createP50: ms(pct(creates, 50)),
      createP99: ms(pct(creates, 99)),
      createsPerSecond: ms(createsPerSecond),
      listP50: ms(pct(lists, 50)),
      getP50: ms(pct(gets, 50)),
      watchP50: ms(pct(watch, 50)),
      watchP99: ms(pct(watch, 99)),
    };
  } finally {
    http.close();
  }
}

const missing = kubeApiserverMissing();
if (missing) {
  console.log(`conformance side-by-side bench skipped: ${missing}`);
} else {
  const targets = await startTargets();
  try {
    const kube = await workload(targets.kube);
    const ours = await workload(targets.ours);
    // Ratio ours/kube: above 1 means ours takes longer (for creates/s: ours does more).
    const ratios = Object.fromEntries(
      (Object.keys(ours) as (keyof Figures)[]).map((k) => [k, ms(kube[k] ? ours[k] / kube[k] : 0)]),
    );
    const result = {
      name: 'side by side: our apiserver vs kube-apiserver 1.32 + etcd',
      unit: 'ms (createsPerSecond: 1/s)',
      objects: N,
      watchWrites: WATCH_WRITES,
      ours,
      kube,
      oursOverKube: ratios,
      note: 'ours in-process on memory storage (client shares its event loop); kube-apiserver on etcd with durable writes; sequential requests over one HTTPS keep-alive connection per side',
    };
    console.table({ ours, kube, 'ours/kube': ratios });
    await mkdir(join(root, 'bench-results'), { recursive: true });
    await writeFile(
      join(root, 'bench-results', 'conformance-side-by-side.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
  } finally {
    await targets.stop();
  }
}
