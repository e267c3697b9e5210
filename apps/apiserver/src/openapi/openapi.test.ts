import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, json } from '../testing/harness.js';

interface Op {
  'x-kubernetes-group-version-kind'?: unknown;
  parameters?: Array<{ name: string }>;
  requestBody?: { content: Record<string, unknown> };
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Op>>;
  components: {
    schemas: Record<
      string,
      { 'x-kubernetes-group-version-kind'?: unknown; properties?: Record<string, unknown> }
    >;
  };
}

describe('OpenAPI v3', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  const root = async () =>
    json((await h.app.inject('/openapi/v3?timeout=32s')).body) as {
      paths: Record<string, { serverRelativeURL: string }>;
    };

  it('lists a hashed document for every served group-version', async () => {
    const { paths } = await root();
    expect(paths['api/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    expect(paths['apis/networking.higress.io/v1']).toBeDefined();
    expect(paths['apis/networking.k8s.io/v1']).toBeDefined();
  });

  it('serves the core document with schemas and PATCH operations kubectl validates against', async () => {
    const url = (await root()).paths['api/v1']?.serverRelativeURL ?? '';
    const res = await h.app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeDefined();
    expect(res.headers['cache-control']).toBe('public, immutable');
    const doc = json(res.body) as unknown as Doc;
    expect(doc.openapi).toBe('3.0.0');
    const configMap = doc.components.schemas['io.k8s.api.core.v1.ConfigMap'];
    expect(configMap?.['x-kubernetes-group-version-kind']).toEqual([
      { group: '', kind: 'ConfigMap', version: 'v1' },
    ]);
    expect(configMap?.properties).toHaveProperty('data');
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    const patch = doc.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']?.patch;
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
    });
    expect(patch?.parameters?.map((p) => p.name)).toContain('fieldValidation');
    expect(Object.keys(patch?.requestBody?.content ?? {})).toContain(
      'application/strategic-merge-patch+json',
    );
  });

  it('names custom resource schemas by reversed group and leaves strategic merge out of their PATCH', async () => {
    const url = (await root()).paths['apis/networking.higress.io/v1']?.serverRelativeURL ?? '';
    const doc = json((await h.app.inject(url)).body) as unknown as Doc;
    expect(
      doc.components.schemas['io.higress.networking.v1.McpBridge']?.['x-kubernetes-group-version-kind'],
    ).toEqual([{ group: 'networking.higress.io', kind: 'McpBridge', version: 'v1' }]);
    const patch = doc.paths['/apis/networking.higress.io/v1/namespaces/{namespace}/mcpbridges/{name}']?.patch;
    expect(Object.keys(patch?.requestBody?.content ?? {}).sort()).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
  });

  it('redirects a stale hash, answers If-None-Match with 304 and unknown documents with 404 Status', async () => {
    const stale = await h.app.inject('/openapi/v3/api/v1?hash=STALE');
    expect(stale.statusCode).toBe(301);
    expect(stale.headers.location).toMatch(/^\/openapi\/v3\/api\/v1\?hash=/);
    const first = await h.app.inject('/openapi/v3/api/v1');
    expect(first.headers['cache-control']).toBe('no-cache, private');
    const again = await h.app.inject({
      url: '/openapi/v3/api/v1',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const missing = await h.app.inject('/openapi/v3/apis/nope/v1');
    expect(json(missing.body)).toMatchObject({ kind: 'Status', code: 404 });
    expect(json((await h.app.inject('/openapi/v2')).body)).toMatchObject({ kind: 'Status', code: 404 });
  });
});
