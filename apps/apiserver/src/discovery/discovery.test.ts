import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, json } from '../testing/harness.js';

describe('discovery, version and health', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  it('reports a Kubernetes version whose minor selects kubectl 1.32', async () => {
    const res = await h.app.inject('/version?timeout=32s');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const body = json(res.body);
    expect(body).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
    expect(Number(body.minor)).toBeGreaterThanOrEqual(27);
    expect(Number(body.minor)).toBeLessThanOrEqual(33);
  });

  it('answers the health endpoints with plain ok', async () => {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const res = await h.app.inject(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.body).toBe('ok');
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
    }
  });

  const AGGREGATED =
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

  it('serves APIVersions at /api for a plain Accept', async () => {
    const res = await h.app.inject({ url: '/api', headers: { accept: 'application/json, */*' } });
    expect(res.headers['content-type']).toBe('application/json');
    expect(json(res.body)).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  });

  it('serves aggregated discovery with the exact Content-Type client-go decodes by', async () => {
    const core = await h.app.inject({ url: '/api?timeout=32s', headers: { accept: AGGREGATED } });
    expect(core.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const coreBody = json(core.body) as {
      kind: string;
      apiVersion: string;
      items: Array<{ metadata: { name: string } }>;
    };
    expect(coreBody).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    expect(coreBody.items.map((i) => i.metadata.name)).toEqual(['']);
    const named = json((await h.app.inject({ url: '/apis', headers: { accept: AGGREGATED } })).body) as {
      items: Array<{
        metadata: { name: string };
        versions: Array<{ version: string; freshness: string; resources: Array<Record<string, unknown>> }>;
      }>;
    };
    const higress = named.items.find((i) => i.metadata.name === 'networking.higress.io');
    expect(higress?.versions[0]).toMatchObject({ version: 'v1', freshness: 'Current' });
    expect(higress?.versions[0]?.resources.find((r) => r.resource === 'mcpbridges')).toMatchObject({
      responseKind: { group: 'networking.higress.io', version: 'v1', kind: 'McpBridge' },
      scope: 'Namespaced',
      singularResource: 'mcpbridge',
    });
    const ingresses = named.items
      .find((i) => i.metadata.name === 'networking.k8s.io')
      ?.versions[0]?.resources.find((r) => r.resource === 'ingresses');
    expect(ingresses?.subresources).toEqual([
      {
        subresource: 'status',
        responseKind: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
        verbs: ['get', 'patch', 'update'],
      },
    ]);
  });

  it('answers kubectl 1.27 (v2beta1 only) in v2beta1', async () => {
    const res = await h.app.inject({
      url: '/apis',
      headers: {
        accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
      },
    });
    expect(res.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
    );
    expect(json(res.body)).toMatchObject({ apiVersion: 'apidiscovery.k8s.io/v2beta1' });
  });

  it('lists named groups at /apis with their preferred versions', async () => {
    const body = json((await h.app.inject('/apis')).body) as {
      kind: string;
      groups: Array<Record<string, unknown>>;
    };
    expect(body.kind).toBe('APIGroupList');
    const higress = body.groups.find((g) => g.name === 'networking.higress.io');
    expect(higress).toMatchObject({
      preferredVersion: { groupVersion: 'networking.higress.io/v1', version: 'v1' },
    });
    expect(body.groups.some((g) => g.name === '')).toBe(false);
  });

  it('describes core resources with short names, verbs and status subresources', async () => {
    const body = json((await h.app.inject('/api/v1')).body) as {
      groupVersion: string;
      resources: Array<Record<string, unknown>>;
    };
    expect(body.groupVersion).toBe('v1');
    const configmaps = body.resources.find((r) => r.name === 'configmaps');
    expect(configmaps).toMatchObject({
      singularName: 'configmap',
      namespaced: true,
      kind: 'ConfigMap',
      shortNames: ['cm'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    });
    expect(body.resources.find((r) => r.name === 'namespaces')).toMatchObject({
      namespaced: false,
      shortNames: ['ns'],
    });
    expect(body.resources.find((r) => r.name === 'services/status')).toMatchObject({
      kind: 'Service',
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('describes custom resource groups and the API group document', async () => {
    const list = json((await h.app.inject('/apis/networking.higress.io/v1')).body) as {
      resources: Array<Record<string, unknown>>;
    };
    expect(list.resources.find((r) => r.name === 'mcpbridges')).toMatchObject({
      kind: 'McpBridge',
      namespaced: true,
    });
    const group = json((await h.app.inject('/apis/networking.higress.io')).body);
    expect(group).toMatchObject({ kind: 'APIGroup', name: 'networking.higress.io' });
  });

  it('answers YAML discovery when asked', async () => {
    const res = await h.app.inject({ url: '/api/v1', headers: { accept: 'application/yaml' } });
    expect(res.headers['content-type']).toBe('application/yaml');
    expect(res.body).toContain('kind: APIResourceList');
  });
});

describe('readiness', () => {
  it('fails /readyz with the storage reason', async () => {
    const { buildServer } = await import('../server.js');
    const { createStorage, createMemoryDriver } = await import('@hs/storage');
    const storage = await createStorage({ driver: createMemoryDriver() });
    const unhealthy = {
      for: storage.for.bind(storage),
      currentResourceVersion: () => storage.currentResourceVersion(),
      namespacesInUse: () => storage.namespacesInUse(),
      namespaceInUseSince: (ns: string) => storage.namespaceInUseSince(ns),
      health: () => 'nacos unreachable',
      close: () => storage.close(),
    };
    const app = await buildServer({ storage: unhealthy });
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('nacos unreachable');
    await app.close();
    await storage.close();
  });
});
