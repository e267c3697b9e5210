import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json, type StorageKind } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/x/configmaps';

describe.each<StorageKind>(['memory', 'file'])('CRUD on %s storage', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(kind);
  });
  afterEach(() => h.close());

  const post = (url: string, payload: unknown, query = '') =>
    h.app.inject({ method: 'POST', url: `${url}${query}`, payload: payload as object });

  it('answers a ServiceAccount DELETE with the deleted object, as upstream', async () => {
    const url = '/api/v1/namespaces/x/serviceaccounts';
    expect(
      (await post(url, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } })).statusCode,
    ).toBe(201);
    const deleted = await h.app.inject({ method: 'DELETE', url: `${url}/sa` });
    expect(deleted.statusCode).toBe(200);
    expect(json(deleted.body)).toMatchObject({ kind: 'ServiceAccount', metadata: { name: 'sa' } });
    expect((await h.app.inject(`${url}/sa`)).statusCode).toBe(404);
  });

  it('creates (201), gets, lists, updates and deletes an object', async () => {
    // 1. create
    const created = await post(CMS, cm('a', { metadata: { labels: { app: 'demo' } } }));
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toBe('application/json');
    const obj = json(created.body) as { metadata: Record<string, unknown> };
    expect(obj.metadata).toMatchObject({ name: 'a', namespace: 'x', labels: { app: 'demo' } });
    expect(obj.metadata.uid).toEqual(expect.any(String));
    expect(obj.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(obj.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // 2. get
    const got = json((await h.app.inject(`${CMS}/a`)).body);
    expect(got).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v' } });

    // 3. list carries the list kind and a resourceVersion
    const list = json((await h.app.inject(CMS)).body) as {
      kind: string;
      metadata: { resourceVersion: string };
      items: unknown[];
    };
    expect(list.kind).toBe('ConfigMapList');
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(list.items).toHaveLength(1);

    // 4. update with the current resourceVersion
    const updated = await h.app.inject({
      method: 'PUT',
      url: `${CMS}/a`,
      payload: {
        ...cm('a'),
        metadata: { name: 'a', resourceVersion: obj.metadata.resourceVersion },
        data: { k: 'v2' },
      },
    });
    expect(updated.statusCode).toBe(200);
    expect(json(updated.body)).toMatchObject({ data: { k: 'v2' } });

    // 5. a stale resourceVersion is a Conflict with upstream's message
    const stale = await h.app.inject({
      method: 'PUT',
      url: `${CMS}/a`,
      payload: {
        ...cm('a'),
        metadata: { name: 'a', resourceVersion: obj.metadata.resourceVersion },
        data: { k: 'v3' },
      },
    });
    expect(stale.statusCode).toBe(409);
    expect(json(stale.body)).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      code: 409,
      message:
        'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    });

    // 6. delete with kubectl's DeleteOptions body returns a Success Status, then 404
    const deleted = await h.app.inject({
      method: 'DELETE',
      url: `${CMS}/a`,
      payload: { propagationPolicy: 'Background' },
    });
    expect(deleted.statusCode).toBe(200);
    // ConfigMaps do not return the deleted object (upstream ReturnDeletedObject is false).
    expect(json(deleted.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'a', kind: 'configmaps', uid: obj.metadata.uid },
    });
    const gone = await h.app.inject(`${CMS}/a`);
    expect(gone.statusCode).toBe(404);
    expect(json(gone.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "a" not found',
      reason: 'NotFound',
      details: { name: 'a', kind: 'configmaps' },
      code: 404,
    });
  });

  it('answers AlreadyExists, and group-qualified NotFound for custom resources', async () => {
    expect((await post(CMS, cm('dup'))).statusCode).toBe(201);
    const again = await post(CMS, cm('dup'));
    expect(again.statusCode).toBe(409);
    expect(json(again.body)).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "dup" already exists',
    });
    const missing = await h.app.inject('/apis/networking.higress.io/v1/namespaces/x/mcpbridges/nope');
    expect(json(missing.body)).toMatchObject({
      message: 'mcpbridges.networking.higress.io "nope" not found',
      details: { name: 'nope', group: 'networking.higress.io', kind: 'mcpbridges' },
    });
  });

  it('resolves generateName', async () => {
    const res = await post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
    expect(res.statusCode).toBe(201);
    expect((json(res.body) as { metadata: { name: string } }).metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('rejects a name that is not DNS-1123 with 422 Invalid and causes', async () => {
    const res = await post(CMS, cm('Not_Valid'));
    expect(res.statusCode).toBe(422);
    const status = json(res.body) as {
      reason: string;
      details: { kind: string; name: string; causes: Array<{ field: string }> };
    };
    expect(status.reason).toBe('Invalid');
    expect(status.details).toMatchObject({ kind: 'ConfigMap', name: 'Not_Valid' });
    expect(status.details.causes[0]?.field).toBe('metadata.name');
    expect((await h.app.inject(CMS)).body).not.toContain('Not_Valid');
  });

  it('rejects a body for another version, kind or namespace with 400', async () => {
    const version = await post(CMS, { ...cm('v'), apiVersion: 'v2' });
    expect(version.statusCode).toBe(400);
    expect(json(version.body)).toMatchObject({
      reason: 'BadRequest',
      message: 'the API version in the data (v2) does not match the expected API version (v1)',
    });
    const kindRes = await post(CMS, { ...cm('k'), kind: 'Secret' });
    expect(kindRes.statusCode).toBe(400);
    const ns = await post(CMS, cm('n', { metadata: { namespace: 'other' } }));
    expect(ns.statusCode).toBe(400);
    expect(json(ns.body).message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
    expect(json((await h.app.inject(CMS)).body).items).toEqual([]);
  });

  it('does not create on PUT of a missing object', async () => {
    const res = await h.app.inject({ method: 'PUT', url: `${CMS}/absent`, payload: cm('absent') });
    expect(res.statusCode).toBe(404);
    expect(json(res.body)).toMatchObject({ reason: 'NotFound' });
  });

  it('rejects a PUT whose body names another object', async () => {
    await post(CMS, cm('p'));
    const res = await h.app.inject({ method: 'PUT', url: `${CMS}/p`, payload: cm('q') });
    expect(res.statusCode).toBe(400);
    expect(json(res.body).message).toBe('the name of the object (q) does not match the name on the URL (p)');
  });

  it('never persists with dryRun=All', async () => {
    const created = await post(CMS, cm('dry'), '?dryRun=All');
    expect(created.statusCode).toBe(201);
    expect((await h.app.inject(`${CMS}/dry`)).statusCode).toBe(404);
    await post(CMS, cm('real'));
    const del = await h.app.inject({ method: 'DELETE', url: `${CMS}/real?dryRun=All` });
    expect(del.statusCode).toBe(200);
    expect((await h.app.inject(`${CMS}/real`)).statusCode).toBe(200);
    const bad = await post(CMS, cm('bad'), '?dryRun=Some');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      reason: 'Invalid',
      message:
        'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"',
    });
    expect((await h.app.inject(`${CMS}/bad`)).statusCode).toBe(404);
    const badDelete = await h.app.inject({ method: 'DELETE', url: `${CMS}/real?dryRun=Some` });
    expect(badDelete.statusCode).toBe(422);
    expect(badDelete.json().details).toMatchObject({ kind: 'DeleteOptions', group: 'meta.k8s.io' });
    expect((await h.app.inject(`${CMS}/real`)).statusCode).toBe(200);
    const badMode = await post(CMS, cm('mode'), '?fieldValidation=Loose');
    expect(badMode.statusCode).toBe(422);
    expect(badMode.json().message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    );
    expect((await post(CMS, cm('mode'), '?fieldValidation=')).statusCode).toBe(201);
  });

  it('honours delete preconditions', async () => {
    await post(CMS, cm('pre'));
    const res = await h.app.inject({
      method: 'DELETE',
      url: `${CMS}/pre`,
      payload: { preconditions: { uid: '00000000-0000-0000-0000-000000000000' } },
    });
    expect(res.statusCode).toBe(409);
    expect((await h.app.inject(`${CMS}/pre`)).statusCode).toBe(200);
  });

  it('marks an object with finalizers for deletion (200, as upstream) instead of removing it', async () => {
    await post(CMS, cm('fin', { metadata: { finalizers: ['example.com/hold'] } }));
    const res = await h.app.inject({ method: 'DELETE', url: `${CMS}/fin` });
    expect(res.statusCode).toBe(200);
    expect((json(res.body) as { metadata: Record<string, unknown> }).metadata.deletionTimestamp).toEqual(
      expect.any(String),
    );
    expect((await h.app.inject(`${CMS}/fin`)).statusCode).toBe(200);
    // 202 only when cascading deletion was asked with the deprecated orphanDependents: false
    await post(CMS, cm('fin2', { metadata: { finalizers: ['example.com/hold'] } }));
    const cascading = await h.app.inject({
      method: 'DELETE',
      url: `${CMS}/fin2`,
      payload: { orphanDependents: false },
    });
    expect(cascading.statusCode).toBe(202);
  });

  it('deletes a collection by label selector', async () => {
    await post(CMS, cm('d1', { metadata: { labels: { tier: 'a' } } }));
    await post(CMS, cm('d2', { metadata: { labels: { tier: 'b' } } }));
    const res = await h.app.inject({ method: 'DELETE', url: `${CMS}?labelSelector=tier%3Da` });
    expect(res.statusCode).toBe(200);
    const body = json(res.body) as { kind: string; items: Array<{ metadata: { name: string } }> };
    expect(body.kind).toBe('ConfigMapList');
    expect(body.items.map((i) => i.metadata.name)).toEqual(['d1']);
    const left = json((await h.app.inject(CMS)).body) as { items: Array<{ metadata: { name: string } }> };
    expect(left.items.map((i) => i.metadata.name)).toEqual(['d2']);
  });

  it('serves cluster-scoped kinds without a namespace and all-namespaces lists', async () => {
    await post('/api/v1/namespaces/a/configmaps', cm('one'));
    await post('/api/v1/namespaces/b/configmaps', cm('two'));
    const all = json((await h.app.inject('/api/v1/configmaps')).body) as {
      items: Array<{ metadata: { namespace: string } }>;
    };
    expect(all.items.map((i) => i.metadata.namespace).sort()).toEqual(['a', 'b']);
    const ic = await post('/apis/networking.k8s.io/v1/ingressclasses', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'higress', namespace: 'ignored' },
      spec: { controller: 'higress.io/higress-controller' },
    });
    expect(ic.statusCode).toBe(201);
    expect((json(ic.body) as { metadata: Record<string, unknown> }).metadata.namespace).toBeUndefined();
  });
});
