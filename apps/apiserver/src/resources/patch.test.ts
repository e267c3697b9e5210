import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/x/configmaps';
const MCP = '/apis/networking.higress.io/v1/namespaces/x/mcpbridges';
const mcp = (name: string) => ({
  apiVersion: 'networking.higress.io/v1',
  kind: 'McpBridge',
  metadata: { name },
  spec: { registries: [{ name: 'r1', type: 'nacos2', domain: '127.0.0.1', port: 8848 }] },
});
type Obj = {
  metadata: { resourceVersion: string; managedFields?: Array<{ manager: string; operation: string }> };
  data?: Record<string, string>;
};

describe('patch, apply and field validation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await h.app.inject({ method: 'POST', url: CMS, payload: cm('a', { data: { k: 'v', drop: 'me' } }) });
    await h.app.inject({ method: 'POST', url: MCP, payload: mcp('default') });
  });
  afterEach(() => h.close());

  const patch = (url: string, type: string, payload: unknown, query = '') =>
    h.app.inject({
      method: 'PATCH',
      url: `${url}${query}`,
      headers: { 'content-type': type },
      payload: JSON.stringify(payload),
    });

  it('applies merge, JSON and strategic merge patches to built-in kinds', async () => {
    const merge = await patch(
      `${CMS}/a`,
      'application/merge-patch+json',
      { data: { drop: null, m: '1' } },
      '?fieldManager=kubectl-patch',
    );
    expect(merge.statusCode).toBe(200);
    expect((json(merge.body) as Obj).data).toEqual({ k: 'v', m: '1' });
    const jsonPatch = await patch(`${CMS}/a`, 'application/json-patch+json', [
      { op: 'add', path: '/data/j', value: '2' },
    ]);
    expect((json(jsonPatch.body) as Obj).data).toEqual({ k: 'v', m: '1', j: '2' });
    const smp = await patch(`${CMS}/a`, 'application/strategic-merge-patch+json', { data: { s: '3' } });
    expect((json(smp.body) as Obj).data).toEqual({ k: 'v', m: '1', j: '2', s: '3' });
    const managers = (json(smp.body) as Obj).metadata.managedFields?.map((m) => m.manager);
    expect(managers).toContain('kubectl-patch');
  });

  it('answers a failing JSON patch test with an error and keeps the object', async () => {
    const res = await patch(`${CMS}/a`, 'application/json-patch+json', [
      { op: 'test', path: '/data/k', value: 'other' },
    ]);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(json(res.body)).toMatchObject({ kind: 'Status' });
    expect((json((await h.app.inject(`${CMS}/a`)).body) as Obj).data).toEqual({ k: 'v', drop: 'me' });
  });

  it('refuses strategic merge patch on custom resources with 415 as upstream', async () => {
    const res = await patch(`${MCP}/default`, 'application/strategic-merge-patch+json', { spec: {} });
    expect(res.statusCode).toBe(415);
    expect(json(res.body)).toMatchObject({
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
    const merge = await patch(`${MCP}/default`, 'application/merge-patch+json', { spec: { registries: [] } });
    expect(merge.statusCode).toBe(200);
  });

  it('keeps the resourceVersion on a no-op patch', async () => {
    const before = json((await h.app.inject(`${CMS}/a`)).body) as Obj;
    const res = await patch(`${CMS}/a`, 'application/merge-patch+json', { data: { k: 'v' } });
    expect((json(res.body) as Obj).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('writes an apply that only adds an owner, and keeps a repeated apply a no-op', async () => {
    const cfg = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'own' }, data: { x: '1' } };
    const applyAs = (m: string) =>
      patch(`${CMS}/own`, 'application/apply-patch+yaml', cfg, `?fieldManager=${m}`);
    const first = json((await applyAs('alice')).body) as Obj;
    const again = json((await applyAs('alice')).body) as Obj;
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const shared = json((await applyAs('carol')).body) as Obj;
    expect(shared.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
    expect(shared.metadata.managedFields?.map((e) => e.manager)).toEqual(['carol', 'alice']);
    const stored = json((await h.app.inject(`${CMS}/own`)).body) as Obj;
    expect(stored.metadata.managedFields?.map((e) => e.manager)).toEqual(['carol', 'alice']);
  });

  it.each(['Strict', 'Warn', 'Ignore'])(
    'refuses an apply with an undeclared field with 500 under fieldValidation=%s, as upstream',
    async (mode) => {
      const cfg = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a' },
        data: { k: 'x' },
        stray: 1,
      };
      const res = await patch(
        `${CMS}/a`,
        'application/apply-patch+yaml',
        cfg,
        `?fieldManager=m&fieldValidation=${mode}`,
      );
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.message).toBe(
        'failed to create typed patch object (/a; /v1, Kind=ConfigMap): .stray: field not declared in schema',
      );
      expect(body.reason).toBe('BadRequest');
      expect((json((await h.app.inject(`${CMS}/a`)).body) as Obj).data).toEqual({ k: 'v', drop: 'me' });
    },
  );

  it('reports a stale resourceVersion inside a patch as Conflict', async () => {
    const before = json((await h.app.inject(`${CMS}/a`)).body) as Obj;
    await patch(`${CMS}/a`, 'application/merge-patch+json', { data: { bump: '1' } });
    const res = await patch(`${CMS}/a`, 'application/merge-patch+json', {
      metadata: { resourceVersion: before.metadata.resourceVersion },
      data: { k: 'late' },
    });
    expect(res.statusCode).toBe(409);
    expect(json(res.body)).toMatchObject({ reason: 'Conflict' });
  });

  it('creates with server-side apply (201), updates (200), and requires a fieldManager', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { a: '1' } };
    const noManager = await h.app.inject({
      method: 'PATCH',
      url: `${CMS}/ssa`,
      headers: { 'content-type': 'application/apply-patch+yaml' },
      payload: JSON.stringify(body),
    });
    expect(noManager.statusCode).toBe(422);
    expect(noManager.json()).toMatchObject({
      reason: 'Invalid',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions' },
    });
    const wrongKind = await h.app.inject({
      method: 'PATCH',
      url: `${CMS}/ssa?fieldManager=a`,
      headers: { 'content-type': 'application/apply-patch+yaml' },
      payload: JSON.stringify({ ...body, kind: 'Secret' }),
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().message).toBe('invalid object type: /v1, Kind=Secret');
    const created = await h.app.inject({
      method: 'PATCH',
      url: `${CMS}/ssa?fieldManager=kubectl&fieldValidation=Strict&force=false`,
      headers: { 'content-type': 'application/apply-patch+yaml' },
      payload: JSON.stringify(body),
    });
    expect(created.statusCode).toBe(201);
    const yamlBody = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "2"\n';
    const updated = await h.app.inject({
      method: 'PATCH',
      url: `${CMS}/ssa?fieldManager=kubectl`,
      headers: { 'content-type': 'application/apply-patch+yaml' },
      payload: yamlBody,
    });
    expect(updated.statusCode).toBe(200);
    const obj = json(updated.body) as Obj;
    expect(obj.data).toEqual({ a: '2' });
    expect(obj.metadata.managedFields).toEqual(
      expect.arrayContaining([expect.objectContaining({ manager: 'kubectl', operation: 'Apply' })]),
    );
  });

  it('reports an apply conflict with another manager, and takes the field with force', async () => {
    const apply = (manager: string, value: string, force = false) =>
      h.app.inject({
        method: 'PATCH',
        url: `${CMS}/owned?fieldManager=${manager}&force=${force}`,
        headers: { 'content-type': 'application/apply-patch+yaml' },
        payload: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'owned' },
          data: { key: value },
        }),
      });
    expect((await apply('one', '1')).statusCode).toBe(201);
    const conflict = await apply('two', '2');
    expect(conflict.statusCode).toBe(409);
    expect(json(conflict.body)).toMatchObject({ reason: 'Conflict' });
    expect(json(conflict.body).message).toContain('conflict with "one"');
    const forced = await apply('two', '2', true);
    expect(forced.statusCode).toBe(200);
  });

  it('validates unknown fields: Strict → 400, Warn → Warning header, Ignore → accepted', async () => {
    const bogus = { ...cm('f'), bogus: true };
    const strict = await h.app.inject({
      method: 'POST',
      url: `${CMS}?fieldValidation=Strict`,
      payload: bogus,
    });
    expect(strict.statusCode).toBe(400);
    expect(json(strict.body).message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
    );
    const warn = await h.app.inject({ method: 'POST', url: `${CMS}?fieldValidation=Warn`, payload: bogus });
    expect(warn.statusCode).toBe(201);
    expect(warn.headers.warning).toBe('299 - "unknown field \\"bogus\\""');
    await h.app.inject({ method: 'DELETE', url: `${CMS}/f` });
    const ignore = await h.app.inject({
      method: 'POST',
      url: `${CMS}?fieldValidation=Ignore`,
      payload: bogus,
    });
    expect(ignore.statusCode).toBe(201);
    expect(ignore.headers.warning).toBeUndefined();
    // unknown fields are dropped, as upstream's decoder drops them
    expect(json((await h.app.inject(`${CMS}/f`)).body)).not.toHaveProperty('bogus');
    const strictCr = await h.app.inject({
      method: 'POST',
      url: `${MCP}?fieldValidation=Strict`,
      payload: { ...mcp('strict'), spec: { ...mcp('strict').spec, bogus: 1 } },
    });
    expect(strictCr.statusCode).toBe(400);
    expect(json(strictCr.body).message).toContain('unknown field "spec.bogus"');
  });

  it('never persists a dry-run patch', async () => {
    const res = await patch(
      `${CMS}/a`,
      'application/merge-patch+json',
      { data: { k: 'dry' } },
      '?dryRun=All',
    );
    expect((json(res.body) as Obj).data?.k).toBe('dry');
    expect((json((await h.app.inject(`${CMS}/a`)).body) as Obj).data?.k).toBe('v');
  });
});

describe('status subresource', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const ING = '/apis/networking.k8s.io/v1/namespaces/x/ingresses';
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web' },
    spec: { rules: [{ host: 'a.example.com' }] },
    status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } },
  };

  it('drops status on create and main-resource writes, and changes only status through /status', async () => {
    const created = json((await h.app.inject({ method: 'POST', url: ING, payload: ingress })).body) as Record<
      string,
      unknown
    >;
    expect(created.status ?? {}).not.toMatchObject({ loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } });
    const statusPut = await h.app.inject({
      method: 'PUT',
      url: `${ING}/web/status`,
      payload: { ...ingress, spec: { rules: [{ host: 'changed.example.com' }] } },
    });
    expect(statusPut.statusCode).toBe(200);
    const afterStatus = json(statusPut.body) as { spec: unknown; status: unknown };
    expect(afterStatus.status).toEqual(ingress.status);
    expect(afterStatus.spec).toEqual(ingress.spec);
    const mainPatch = await h.app.inject({
      method: 'PATCH',
      url: `${ING}/web`,
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ status: { loadBalancer: { ingress: [{ ip: '10.9.9.9' }] } } }),
    });
    expect((json(mainPatch.body) as { status: unknown }).status).toEqual(ingress.status);
    const got = await h.app.inject(`${ING}/web/status`);
    expect((json(got.body) as { status: unknown }).status).toEqual(ingress.status);
  });
});
