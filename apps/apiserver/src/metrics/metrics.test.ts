/**
 * `/metrics` end to end: RBAC on the non-resource URL (401 / 403 / the system:monitoring group),
 * kube-apiserver's request metrics with its verb, scope and code labels (refused requests
 * included), running watches and their events on a real port, storage operation durations on the
 * file driver, and Nacos client requests and errors through the real client.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NacosClient } from '@hs/nacos-client';
import { type NacosTestServer, startNacosTestServer } from '@hs/nacos-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { cm, type Harness, harness, listening } from '../testing/harness.js';
import { sampleValue } from '../testing/prometheus-text.js';
import { openWatch } from '../testing/watch-client.js';
import { createApiserverMetrics } from './apiserver-metrics.js';
import { instrumentedNacosFetch } from './nacos-metrics.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const CM_LABELS = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  subresource: '',
  component: 'apiserver',
};

describe('/metrics behind RBAC', () => {
  let dir: string;
  let h: Harness;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hs-metrics-'));
    await writeFile(
      join(dir, 'tokens.csv'),
      'admin-token,root,1,system:masters\nmonitor-token,prometheus,2,system:monitoring\nnobody-token,nobody,3\n',
    );
    h = await harness('memory', {
      security: { authentication: { tokenFile: join(dir, 'tokens.csv'), anonymous: { enabled: true } } },
    });
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });
  const scrape = async () => {
    const res = await h.app.inject({ method: 'GET', url: '/metrics', headers: bearer('monitor-token') });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('is refused to anonymous and unprivileged users and served to system:monitoring', async () => {
    const anonymous = await h.app.inject({ method: 'GET', url: '/metrics' });
    // Anonymous requests are authenticated only for the health checks.
    expect(anonymous.statusCode).toBe(401);
    const nobody = await h.app.inject({ method: 'GET', url: '/metrics', headers: bearer('nobody-token') });
    expect(nobody.statusCode).toBe(403);
    expect(nobody.json().message).toBe('forbidden: User "nobody" cannot get path "/metrics"');
    const bad = await h.app.inject({ method: 'GET', url: '/metrics', headers: bearer('wrong') });
    expect(bad.statusCode).toBe(401);
    const ok = await h.app.inject({ method: 'GET', url: '/metrics', headers: bearer('monitor-token') });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.body).toContain('# TYPE apiserver_request_total counter');
    expect(ok.body).toContain('# TYPE apiserver_request_duration_seconds histogram');
    // The monitoring group reads metrics only.
    const list = await h.app.inject({
      method: 'GET',
      url: '/api/v1/configmaps',
      headers: bearer('monitor-token'),
    });
    expect(list.statusCode).toBe(403);
  });

  it('counts requests by verb, scope and code, refused ones included', async () => {
    const admin = bearer('admin-token');
    const url = '/api/v1/namespaces/m/configmaps';
    expect((await h.app.inject({ method: 'POST', url, headers: admin, payload: cm('one') })).statusCode).toBe(
      201,
    );
    expect((await h.app.inject({ method: 'POST', url, headers: admin, payload: cm('one') })).statusCode).toBe(
      409,
    );
    const dry = await h.app.inject({
      method: 'POST',
      url: `${url}?dryRun=All`,
      headers: admin,
      payload: cm('two'),
    });
    expect(dry.statusCode).toBe(201);
    expect((await h.app.inject({ method: 'GET', url: `${url}/one`, headers: admin })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `${url}/none`, headers: admin })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url, headers: admin })).statusCode).toBe(200);
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/v1/configmaps', headers: admin })).statusCode,
    ).toBe(200);
    const apply = await h.app.inject({
      method: 'PATCH',
      url: `${url}/one?fieldManager=test&force=true`,
      headers: { ...admin, 'content-type': 'application/apply-patch+yaml' },
      payload: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\ndata: {k: w}\n',
    });
    expect(apply.statusCode).toBe(200);
    expect(
      (await h.app.inject({ method: 'DELETE', url: `${url}/one`, headers: bearer('nobody-token') }))
        .statusCode,
    ).toBe(403);

    expect(
      (await h.app.inject({ method: 'GET', url: '/api/v1/namespaces/m', headers: admin })).statusCode,
    ).toBe(200);

    const text = await scrape();
    expect(
      sampleValue(text, 'apiserver_request_total', {
        verb: 'GET',
        resource: 'namespaces',
        scope: 'resource',
        code: '200',
      }),
    ).toBe(1);
    const total = (labels: Record<string, string>) =>
      sampleValue(text, 'apiserver_request_total', { ...CM_LABELS, dry_run: '', ...labels });
    expect(total({ verb: 'POST', scope: 'resource', code: '201' })).toBe(1);
    expect(total({ verb: 'POST', scope: 'resource', code: '409' })).toBe(1);
    expect(total({ verb: 'POST', scope: 'resource', code: '201', dry_run: 'All' })).toBe(1);
    expect(total({ verb: 'GET', scope: 'resource', code: '200' })).toBe(1);
    expect(total({ verb: 'GET', scope: 'resource', code: '404' })).toBe(1);
    expect(total({ verb: 'LIST', scope: 'namespace', code: '200' })).toBe(1);
    expect(total({ verb: 'LIST', scope: 'cluster', code: '200' })).toBe(1);
    expect(total({ verb: 'APPLY', scope: 'resource', code: '200' })).toBe(1);
    expect(total({ verb: 'DELETE', scope: 'resource', code: '403' })).toBe(1);
    const histogram = (verb: string) =>
      sampleValue(text, 'apiserver_request_duration_seconds_count', {
        ...CM_LABELS,
        verb,
        dry_run: '',
        scope: 'resource',
      });
    expect(histogram('POST')).toBe(2);
    expect(histogram('GET')).toBe(2);
    expect(
      sampleValue(text, 'apiserver_request_duration_seconds_bucket', {
        ...CM_LABELS,
        verb: 'GET',
        dry_run: '',
        scope: 'resource',
        le: '+Inf',
      }),
    ).toBe(2);
    // Non-resource requests carry empty resource labels, never the raw path.
    expect(text).not.toContain('none');
    const nonResource = (code: string) =>
      sampleValue(text, 'apiserver_request_total', { verb: 'GET', resource: '', scope: '', code });
    expect(nonResource('403')).toBe(1);
    expect(nonResource('401')).toBe(2);
  });
});

describe('watch and storage metrics on a real port', () => {
  it('tracks running watches and counts the events they send', async () => {
    const server = await listening('file');
    try {
      const metrics = async () => (await fetch(`${server.url}/metrics`)).text();
      const base = `${server.url}/api/v1/namespaces/w/configmaps`;
      const post = (name: string) =>
        fetch(base, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(cm(name)),
        });
      expect((await post('before')).status).toBe(201);
      const watch = await openWatch(`${base}?watch=true`);
      expect((await watch.next()).type).toBe('ADDED');
      const running = { verb: 'WATCH', ...CM_LABELS, scope: 'namespace' };
      expect(sampleValue(await metrics(), 'apiserver_longrunning_requests', running)).toBe(1);
      expect((await post('during')).status).toBe(201);
      expect((await watch.next()).object.metadata?.name).toBe('during');
      const events = { group: '', version: 'v1', kind: 'ConfigMap' };
      expect(sampleValue(await metrics(), 'apiserver_watch_events_total', events)).toBe(2);
      watch.close();
      await watch.ended;
      await expect
        .poll(async () => sampleValue(await metrics(), 'apiserver_longrunning_requests', running))
        .toBe(0);
      await expect
        .poll(async () =>
          sampleValue(await metrics(), 'apiserver_request_total', { ...running, dry_run: '', code: '200' }),
        )
        .toBe(1);

      const text = await metrics();
      expect(
        sampleValue(text, 'etcd_request_duration_seconds_count', { operation: 'create', type: 'configmaps' }),
      ).toBe(2);
      // Nothing failed, so no error series exists.
      expect(text).not.toContain('etcd_request_errors_total{');
    } finally {
      await server.close();
    }
  });
});

describe('Nacos client metrics', () => {
  let nacos: NacosTestServer;
  beforeAll(async () => {
    nacos = await startNacosTestServer({ minLongPollMs: 100 });
  });
  afterAll(async () => {
    await nacos.close();
  });

  it('counts the Nacos requests behind API writes', async () => {
    const app = await buildServer({ storage: { type: 'nacos', server: nacos.url, namespaceId: 'metrics' } });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/namespaces/default/configmaps',
        payload: cm('x'),
      });
      expect(res.statusCode).toBe(201);
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(
        sampleValue(text, 'nacos_client_requests_total', {
          method: 'POST',
          path: '/v1/cs/configs',
          code: '200',
        }),
      ).toBeGreaterThan(0);
      expect(
        sampleValue(text, 'nacos_client_request_duration_seconds_count', {
          method: 'GET',
          path: '/v1/cs/configs',
        }),
      ).toBeGreaterThan(0);
      expect(
        sampleValue(text, 'etcd_request_duration_seconds_count', { operation: 'create', type: 'configmaps' }),
      ).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('counts requests that get no answer as errors', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const serverUrl = `http://127.0.0.1:${port}/nacos`;
    const metrics = createApiserverMetrics({ processMetrics: false });
    const client = new NacosClient({
      serverUrl,
      retries: 0,
      fetch: instrumentedNacosFetch(metrics, serverUrl),
    });
    await expect(client.connect()).rejects.toThrow(/cannot reach/);
    const text = await metrics.registry.metrics();
    const errors = parseInt(
      text.match(/^nacos_client_request_errors_total\{[^}]*reason="unreachable"[^}]*\} (\d+)$/m)?.[1] ?? '0',
      10,
    );
    expect(errors).toBe(1);
  });
});
