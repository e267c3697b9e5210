/**
 * `pnpm bench` for the CLI: config-to-xDS latency. The embedded stack (as `pnpm dev --local`
 * runs it) with the real Pilot beside it and xds-probe holding an ADS stream as the gateway; an
 * Ingress's path is changed CHANGES times with the real `kubectl apply`, and each change is timed
 * from the moment kubectl is started until the probe receives a route for the new path (and no
 * longer the old one). Pilot translates the Ingress itself: the Higress controller cannot be built
 * (docs/decisions/0007-peer-builds.md). Measured on file storage, on Nacos storage over the Nacos
 * test server and, when one can be had, over a real Nacos (NACOS_TEST_URL, or one started with
 * startRealNacos unless REAL_NACOS=off; skipped with the reason printed otherwise).
 * kubectl's own time (process start, discovery, PATCH) is reported beside it, since it is part of
 * what a user waits for. No target yet (issue 12): the figures are recorded, not judged.
 * Writes bench-results/xds-latency.json; skips, saying why, when Pilot or xds-probe is not built.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startRealNacos } from '@hs/nacos-client/real-nacos';
import { type NacosTarget, nacosTarget, startNacosTestServer } from '@hs/nacos-client/testing';
import { peerBinary } from '@hs/peers';
import { startControlPlane } from '../src/control-plane/control-plane.js';
import { type EmbeddedStorage, startEmbeddedStack } from '../src/embedded/embedded-stack.js';
import { routesFor, XdsWatch } from '../src/test-helpers/xds-probe.js';

const CHANGES = 50;
const WARM_UP = 3;
const HOST = 'bench.example.com';
const GATEWAY_LABELS = 'app=higress-gateway,higress=higress-system-higress-gateway,istio=ingressgateway';
const root = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

interface Stats {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}
interface StorageResult {
  name: string;
  applyToXds: Stats;
  kubectlApply: Stats;
  pilotReadyMs: number;
}
type Outcome = StorageResult | { name: string; skipped: string };

/** Nearest-rank percentile, rounded to 0.1 ms. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return Math.round(v * 10) / 10;
}
const stats = (values: number[]): Stats => ({
  count: values.length,
  p50Ms: percentile(values, 0.5),
  p99Ms: percentile(values, 0.99),
  maxMs: percentile(values, 1),
});

const manifest = (path: string) => `apiVersion: v1
kind: Service
metadata: {name: bench, namespace: default}
spec:
  ports: [{name: http, port: 8080, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bench, namespace: default}
spec:
  rules:
  - host: ${HOST}
    http:
      paths:
      - {path: ${path}, pathType: Prefix, backend: {service: {name: bench, port: {number: 8080}}}}
`;

/** One storage: stack + Pilot + probe, WARM_UP untimed changes, then CHANGES timed ones. */
async function measure(name: string, storage: EmbeddedStorage, probe: string): Promise<StorageResult> {
  const dir = await mkdtemp(join(tmpdir(), `hs-bench-xds-${name}-`));
  const stack = await startEmbeddedStack({
    stateDir: dir,
    apiserverPort: 0,
    fileserverPort: 0,
    storage,
    log: () => {},
  });
  let watch: XdsWatch | undefined;
  let stopPilot = async () => {};
  try {
    await stack.seeded;
    const cp = await startControlPlane({
      stateDir: dir,
      fileserverPort: Number(new URL(stack.fileserverUrl).port),
      ports: 'free',
    });
    stopPilot = cp.stop;
    watch = new XdsWatch(probe, ['--addr', `127.0.0.1:${cp.pilot.ports.grpc}`, '--labels', GATEWAY_LABELS]);
    const file = join(dir, 'bench.yaml');
    const xds: number[] = [];
    const kubectl: number[] = [];
    for (let i = 0; i < WARM_UP + CHANGES; i++) {
      const path = `/v${i}`;
      await writeFile(file, manifest(path));
      const w = watch;
      const started = performance.now();
      // Registered before kubectl starts, so an update that lands before kubectl exits counts.
      const seen = w
        .waitFor(
          (s) => {
            const prefixes = routesFor(s, HOST).map((r) => r.prefix);
            return prefixes.length === 1 && prefixes[0] === path;
          },
          60_000,
          `the route ${path} on ${name} storage`,
        )
        .then(() => performance.now() - started);
      const applied = run('kubectl', ['--kubeconfig', stack.kubeconfig, 'apply', '-f', file], {
        timeout: 30_000,
      }).then(() => performance.now() - started);
      const [xdsMs, kubectlMs] = await Promise.all([seen, applied]);
      if (i < WARM_UP) continue;
      xds.push(xdsMs);
      kubectl.push(kubectlMs);
    }
    return {
      name,
      applyToXds: stats(xds),
      kubectlApply: stats(kubectl),
      pilotReadyMs: Math.round(cp.readyAfterMs),
    };
  } finally {
    watch?.stop();
    await stopPilot();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const nacosStorage = (t: {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  tenant: string;
}) =>
  ({
    type: 'nacos',
    server: t.url,
    username: t.username,
    password: t.password,
    namespaceId: t.tenant,
  }) satisfies EmbeddedStorage;

async function onTestServer(probe: string): Promise<StorageResult> {
  const server = await startNacosTestServer();
  try {
    return await measure(
      'nacos-test-server',
      nacosStorage({ url: server.url, tenant: 'higress-system' }),
      probe,
    );
  } finally {
    await server.close();
  }
}

async function onRealNacos(probe: string): Promise<Outcome> {
  const name = 'nacos-real';
  if (!process.env.NACOS_TEST_URL && process.env.REAL_NACOS === 'off')
    return { name, skipped: 'REAL_NACOS=off is set' };
  let stopNacos = async () => {};
  let target: NacosTarget | undefined;
  try {
    if (!process.env.NACOS_TEST_URL) {
      const nacos = await startRealNacos({ log: (l) => console.log(`[real-nacos] ${l}`) });
      stopNacos = nacos.stop;
      process.env.NACOS_TEST_URL = nacos.url;
      process.env.NACOS_TEST_USERNAME = nacos.username;
      process.env.NACOS_TEST_PASSWORD = nacos.password;
    }
    target = await nacosTarget();
    return await measure(name, nacosStorage(target), probe);
  } catch (err) {
    return { name, skipped: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err) };
  } finally {
    await target?.close().catch(() => {});
    await stopNacos();
  }
}

const pilot = peerBinary('pilot-discovery');
const probeBin = peerBinary('xds-probe');
const missing = pilot.missing ?? probeBin.missing;
const out = join(root, 'bench-results', 'xds-latency.json');
if (missing || !probeBin.path) {
  console.log(`xds-latency bench skipped: ${missing}`);
  await rm(out, { force: true }); // no stale figures from an earlier build
} else {
  const probe = probeBin.path;
  const outcomes: Outcome[] = [];
  for (const step of [
    () => measure('file', { type: 'file' }, probe),
    () => onTestServer(probe),
    () => onRealNacos(probe),
  ]) {
    const outcome = await step();
    if ('skipped' in outcome) console.log(`xds-latency on ${outcome.name} skipped: ${outcome.skipped}`);
    else console.log(`xds-latency on ${outcome.name}: ${JSON.stringify(outcome)}`);
    outcomes.push(outcome);
  }
  const result = {
    name: 'config-to-xDS latency: kubectl apply of an Ingress path change until the ADS client sees the route',
    measuredAt: new Date().toISOString(),
    unit: 'ms',
    changes: CHANGES,
    note: 'Pilot 1.27.0 translates the Ingress (no Higress controller, decision 0007); Pilot debounces pushes (PILOT_DEBOUNCE_AFTER, 100 ms by default); kubectlApply is kubectl start to exit',
    storages: outcomes,
  };
  await mkdir(join(root, 'bench-results'), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.table(
    outcomes.map((o) =>
      'skipped' in o
        ? { storage: o.name, skipped: o.skipped }
        : {
            storage: o.name,
            p50Ms: o.applyToXds.p50Ms,
            p99Ms: o.applyToXds.p99Ms,
            maxMs: o.applyToXds.maxMs,
            kubectlP50Ms: o.kubectlApply.p50Ms,
          },
    ),
  );
}
