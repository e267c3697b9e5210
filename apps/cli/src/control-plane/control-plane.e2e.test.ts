/**
 * The real Istio Pilot (built from its Go module by `pnpm peers:build`) against our API server, on
 * file storage and on Nacos storage (the Nacos test server, or a real Nacos via NACOS_TEST_URL),
 * with xds-probe standing in for the gateway's pilot-agent. Skips, saying why, when the peers are
 * not built; CI builds them.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { volumeLayout } from '@hs/initializer';
import { type NacosTarget, nacosTarget } from '@hs/nacos-client/testing';
import { peerBinary } from '@hs/peers';
import { generatePrivateKey, parsePrivateKey, signToken } from '@hs/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbeddedStack } from '../embedded/embedded-stack.js';
import { requestCertificate, routesFor, XdsWatch } from '../test-helpers/xds-probe.js';
import { type ControlPlane, startControlPlane } from './control-plane.js';
import { apiTrouble } from './log-audit.js';

const run = promisify(execFile);
const pilotBin = peerBinary('pilot-discovery');
const probeBin = peerBinary('xds-probe');
const missing = pilotBin.missing ?? probeBin.missing;
if (missing) console.log(`control-plane e2e skipped: ${missing}`);
const probe = probeBin.path ?? '';

const PILOT_USER = 'system:serviceaccount:higress-system:higress-pilot';
const GATEWAY_LABELS = 'app=higress-gateway,higress=higress-system-higress-gateway,istio=ingressgateway';

/** The fields read here of an audit.k8s.io/v1 Event, as our API server writes them. */
interface AuditEvent {
  user?: { username: string };
  verb: string;
  requestURI: string;
  responseStatus: { code: number };
  stageTimestamp: string;
}

/** Which informer a list came from: its path and selectors, without resourceVersion/limit. */
function informerOf(requestURI: string): string {
  const url = new URL(requestURI, 'http://x');
  url.searchParams.delete('resourceVersion');
  url.searchParams.delete('limit');
  return `${url.pathname}?${url.searchParams}`;
}

for (const storage of ['file', 'nacos'] as const) {
  describe.skipIf(missing !== undefined)(`Pilot against our API server on ${storage} storage`, () => {
    let dir: string;
    let nacos: NacosTarget | undefined;
    let stack: EmbeddedStack;
    let cp: ControlPlane;
    let layout: ReturnType<typeof volumeLayout>;
    const watches: XdsWatch[] = [];

    const kubectl = async (...args: string[]) =>
      (await run('kubectl', ['--kubeconfig', stack.kubeconfig, ...args], { timeout: 30_000 })).stdout;
    const apply = async (name: string, yaml: string) => {
      const file = join(dir, `${name}.yaml`);
      await writeFile(file, yaml);
      return kubectl('apply', '-f', file);
    };
    const audit = async (): Promise<AuditEvent[]> =>
      (await readFile(join(dir, 'audit.log'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditEvent);
    const pilotCalls = async () => (await audit()).filter((e) => e.user?.username === PILOT_USER);
    /** Watches open on our API server now (its apiserver_longrunning_requests gauge). */
    const runningWatches = async () =>
      (await kubectl('get', '--raw', '/metrics'))
        .split('\n')
        .filter((l) => l.startsWith('apiserver_longrunning_requests{') && l.includes('verb="WATCH"'))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const xds = (...args: string[]) => {
      const w = new XdsWatch(probe, [
        '--addr',
        `127.0.0.1:${cp.pilot.ports.grpc}`,
        '--labels',
        GATEWAY_LABELS,
        ...args,
      ]);
      watches.push(w);
      return w;
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), `control-plane-${storage}-`));
      layout = volumeLayout(dir);
      if (storage === 'nacos') nacos = await nacosTarget();
      stack = await startEmbeddedStack({
        stateDir: dir,
        apiserverPort: 0,
        fileserverPort: 0,
        storage: nacos
          ? {
              type: 'nacos',
              server: nacos.url,
              username: nacos.username,
              password: nacos.password,
              namespaceId: nacos.tenant,
            }
          : { type: 'file' },
        auditLog: join(dir, 'audit.log'),
        log: () => {},
      });
      await stack.seeded;
      cp = await startControlPlane({
        stateDir: dir,
        fileserverPort: Number(new URL(stack.fileserverUrl).port),
        ports: 'free',
      });
    }, 180_000);

    afterAll(async () => {
      for (const w of watches) w.stop();
      await cp?.stop();
      await stack?.stop();
      await nacos?.close();
      await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it('is ready, and neither its log nor our audit log shows a request our API failed', async () => {
      expect((await fetch(cp.pilot.readyUrl)).status).toBe(200);
      expect(apiTrouble(cp.pilot.process.logs())).toEqual([]);
      const calls = await pilotCalls();
      // It listed through us (namespaces, services, CRDs as metadata, ...); its watches are still
      // open, and the audit log records a request when it completes.
      expect(calls.filter((c) => c.verb === 'list').length).toBeGreaterThan(5);
      // A 409 to a create is client-go's create-or-update race (Pilot's controllers write the
      // same ConfigMap), answered alike by kube-apiserver: not a request our API failed.
      const failed = calls
        .filter(
          (c) => c.responseStatus.code >= 400 && !(c.responseStatus.code === 409 && c.verb === 'create'),
        )
        .map((c) => `${c.responseStatus.code} ${c.verb} ${c.requestURI}`);
      expect(failed).toEqual([]);
    });

    it("grants the gateway's istio-token a certificate that chains to the initializer's Pilot root", async () => {
      const granted = await requestCertificate(probe, [
        '--addr',
        `127.0.0.1:${cp.pilot.ports.secureGrpc}`,
        '--root-ca',
        layout.pilot.rootCert,
        '--token-file',
        layout.gateway.istioToken,
      ]);
      expect(granted).toHaveProperty('certChain');
      const chain = (granted as { certChain: string[] }).certChain.map((pem) => new X509Certificate(pem));
      const root = new X509Certificate(await readFile(layout.pilot.rootCert));
      const leaf = chain[0]!;
      expect(leaf.subjectAltName).toBe('URI:spiffe://cluster.local/ns/higress-system/sa/higress-gateway');
      // leaf ← Pilot's intermediate (ca-cert.pem) ← the initializer's root
      const intermediate = new X509Certificate(await readFile(layout.pilot.caCert));
      expect(leaf.verify(intermediate.publicKey)).toBe(true);
      expect(intermediate.verify(root.publicKey)).toBe(true);
      expect(chain.at(-1)?.fingerprint256).toBe(root.fingerprint256);
    });

    it('refuses a token signed by another key, and one for another audience', async () => {
      const other = await generatePrivateKey({ type: 'rsa', size: 2048 });
      const ours = parsePrivateKey(await readFile(layout.pki.tokenSigningKey, 'utf8'));
      const jwks = JSON.parse(await readFile(layout.fileserver.jwks, 'utf8')) as { keys: { kid: string }[] };
      const kid = jwks.keys[0]?.kid ?? '';
      const subject = 'system:serviceaccount:higress-system:higress-gateway';
      const claims = { issuer: 'higress', subject, lifetimeSeconds: 600 };
      // The published key's kid: only the signature tells the forged token apart.
      const forged = await signToken(other.key, kid, { ...claims, audiences: ['istio-ca'] });
      const wrongAudience = await signToken(ours.key, kid, { ...claims, audiences: ['kubernetes'] });
      for (const [name, token] of [
        ['forged', forged],
        ['wrong-audience', wrongAudience],
      ] as const) {
        const file = join(dir, `${name}.token`);
        await writeFile(file, token);
        const answer = await requestCertificate(probe, [
          '--addr',
          `127.0.0.1:${cp.pilot.ports.secureGrpc}`,
          '--root-ca',
          layout.pilot.rootCert,
          '--token-file',
          file,
        ]);
        expect(answer, name).toHaveProperty('error');
        expect((answer as { error: string }).error, name).toMatch(/Unauthenticated|authenticate/i);
      }
    });

    it("serves xDS over TLS to the gateway's certificate and over plaintext", async () => {
      const tls = xds(
        '--addr',
        `127.0.0.1:${cp.pilot.ports.secureGrpc}`,
        '--root-ca',
        layout.pilot.rootCert,
        '--cert',
        layout.gateway.certChain,
        '--key',
        layout.gateway.key,
      );
      const plain = xds();
      for (const w of [tls, plain]) {
        const s = await w.waitFor((x) => x.clusters.length > 0, 30_000, 'a cluster update');
        expect(s.clusters).toContain('BlackHoleCluster');
      }
    });

    it('turns an applied Ingress into a route, follows a path change and removes it on delete', async () => {
      const w = xds();
      const host = `shop-${storage}.example.com`;
      const ingress = (path: string) => `apiVersion: v1
kind: Service
metadata: {name: shop, namespace: default}
spec:
  ports: [{name: http, port: 8080, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: default}
spec:
  rules:
  - host: ${host}
    http:
      paths:
      - path: ${path}
        pathType: Prefix
        backend: {service: {name: shop, port: {number: 8080}}}
`;
      const cluster = 'outbound|8080||shop.default.svc.cluster.local';
      await apply('shop', ingress('/api'));
      const first = await w.waitFor(
        (s) => routesFor(s, host).some((r) => r.prefix === '/api'),
        30_000,
        'the /api route',
      );
      expect(routesFor(first, host)).toContainEqual({ prefix: '/api', cluster });
      expect(first.clusters).toContain(cluster);

      await apply('shop', ingress('/v2'));
      const moved = await w.waitFor(
        (s) => routesFor(s, host).some((r) => r.prefix === '/v2'),
        30_000,
        'the /v2 route',
      );
      expect(routesFor(moved, host).map((r) => r.prefix)).toEqual(['/v2']);

      await kubectl('delete', 'ingress', 'shop', '-n', 'default');
      await w.waitFor((s) => routesFor(s, host).length === 0, 30_000, 'the route gone');
    }, 150_000);

    it("puts an EnvoyFilter's HTTP filter into the gateway's filter chain", async () => {
      const w = xds();
      await apply(
        'envoyfilter',
        `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: add-header, namespace: higress-system}
spec:
  configPatches:
  - applyTo: HTTP_FILTER
    match:
      context: GATEWAY
      listener: {filterChain: {filter: {name: envoy.filters.network.http_connection_manager, subFilter: {name: envoy.filters.http.router}}}}
    patch:
      operation: INSERT_BEFORE
      value:
        name: e2e.lua
        typed_config:
          '@type': type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua
          inlineCode: "function envoy_on_response(h) h:headers():add('x-e2e', '1') end"
`,
      );
      // Pilot makes an HTTP listener once some Ingress gives the gateway a server to listen for.
      await apply(
        'probe-ingress',
        `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: probe, namespace: default}
spec:
  defaultBackend: {service: {name: shop, port: {number: 8080}}}
`,
      );
      const s = await w.waitFor(
        (x) => Object.values(x.httpFilters).some((f) => f.includes('e2e.lua')),
        30_000,
        'the EnvoyFilter in a listener',
      );
      const chain = Object.values(s.httpFilters).find((f) => f.includes('e2e.lua')) ?? [];
      expect(chain.indexOf('e2e.lua')).toBe(chain.indexOf('envoy.filters.http.router') - 1);
      await kubectl('delete', 'envoyfilter', 'add-header', '-n', 'higress-system');
      await w.waitFor(
        (x) => !Object.values(x.httpFilters).some((f) => f.includes('e2e.lua')),
        30_000,
        'the filter gone',
      );
    }, 150_000);

    it('resumes its watches after an API server restart with no error from us and no relist, and routes stay right', async () => {
      const w = xds();
      const host = `restart-${storage}.example.com`;
      const ingress = (path: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: restart, namespace: default}
spec:
  rules:
  - host: ${host}
    http:
      paths:
      - {path: ${path}, pathType: Prefix, backend: {service: {name: shop, port: {number: 8080}}}}
`;
      await apply('restart', ingress('/before'));
      await w.waitFor(
        (s) => routesFor(s, host).some((r) => r.prefix === '/before'),
        30_000,
        'the route before',
      );
      const informers = new Set(
        (await pilotCalls()).filter((c) => c.verb === 'list').map((c) => informerOf(c.requestURI)),
      );
      const down = Date.now();
      await stack.restartApiserver();
      const up = Date.now();
      await apply('restart', ingress('/after'));
      const after = await w.waitFor(
        (s) => routesFor(s, host).some((r) => r.prefix === '/after'),
        60_000,
        'the route after',
      );
      expect(routesFor(after, host).map((r) => r.prefix)).toEqual(['/after']);
      expect((await fetch(cp.pilot.readyUrl)).status).toBe(200);
      // Every informer watches the restarted server again (Pilot is its only watcher), so any
      // relist has happened: the counts below are final.
      await expect
        .poll(runningWatches, { timeout: 60_000, interval: 500 })
        .toBeGreaterThanOrEqual(informers.size);

      const since = (await audit()).filter((e) => Date.parse(e.stageTimestamp) >= down);
      // Nothing we answered across the restart was a server error. While closing, a request on a
      // kept-alive connection gets 429 + Retry-After (kube-apiserver's shutdown answer), which
      // client-go's reflector retries as a watch; a 503 would end ListAndWatch: relist everything.
      expect(since.filter((e) => e.responseStatus.code >= 500).map((e) => e.requestURI)).toEqual([]);
      const relists = since
        .filter((e) => e.user?.username === PILOT_USER && e.verb === 'list')
        .map((e) => informerOf(e.requestURI));
      // Each watch ended with a BOOKMARK at the store's revision (a restarted server's watch cache
      // starts there), so every informer watches again from it: none relists. Without it, those
      // whose resourceVersion predated the restart were told 410 Expired: 14 of 16 relisted.
      expect(relists).toEqual([]);
      const watches = since.filter((e) => e.user?.username === PILOT_USER && e.verb === 'watch');
      expect(watches.length).toBeGreaterThanOrEqual(informers.size);
      // While the server is down its port refuses connections, which Pilot logs and retries;
      // nothing else may show, during the restart or after it.
      const refused = (line: string) => {
        const at = Date.parse(line.slice(0, 27));
        return /connect: connection refused/.test(line) && at >= down - 1000 && at <= up + 5000;
      };
      const trouble = apiTrouble(cp.pilot.process.logs()).filter((l) => !refused(l));
      expect(trouble).toEqual([]);
    }, 150_000);
  });
}
