/**
 * PUT of a missing object: kinds whose registry entry sets `allowCreateOnUpdate` (upstream
 * AllowCreateOnUpdate() true: Lease, the RBAC kinds, Endpoints, Event, Service) create it and
 * answer 201; every other kind answers 404 NotFound and stores nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json, type StorageKind } from '../testing/harness.js';

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/x/leases';
const ROLES = '/apis/rbac.authorization.k8s.io/v1/namespaces/x/roles';
const CLUSTER_ROLES = '/apis/rbac.authorization.k8s.io/v1/clusterroles';
const CMS = '/api/v1/namespaces/x/configmaps';

const lease = (name: string, spec: Record<string, unknown> = { holderIdentity: 'me' }) => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name },
  spec,
});
const role = (name: string, kind = 'Role') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name },
  rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
});

describe.each<StorageKind>(['memory', 'file'])('PUT of a missing object on %s storage', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(kind);
  });
  afterEach(() => h.close());

  const put = (url: string, payload: unknown) =>
    h.app.inject({ method: 'PUT', url, payload: payload as object });

  it('creates a Lease (201), then updates it (200)', async () => {
    const created = await put(`${LEASES}/l`, lease('l'));
    expect(created.statusCode).toBe(201);
    const obj = json(created.body) as { metadata: Record<string, unknown> };
    expect(obj).toMatchObject({ kind: 'Lease', spec: { holderIdentity: 'me' } });
    expect(obj.metadata).toMatchObject({ name: 'l', namespace: 'x' });
    // Lease's upstream strategy does not track generation.
    expect(obj.metadata).not.toHaveProperty('generation');
    expect(obj.metadata.uid).toEqual(expect.any(String));
    expect(json((await h.app.inject(`${LEASES}/l`)).body)).toMatchObject({ spec: { holderIdentity: 'me' } });
    const updated = await put(`${LEASES}/l`, lease('l', { holderIdentity: 'you' }));
    expect(updated.statusCode).toBe(200);
    expect(json(updated.body)).toMatchObject({
      metadata: { uid: obj.metadata.uid },
      spec: { holderIdentity: 'you' },
    });
  });

  it('creates namespaced and cluster-scoped RBAC objects, taking the name from the URL', async () => {
    const { metadata: _m, ...nameless } = role('r');
    expect((await put(`${ROLES}/r`, nameless)).statusCode).toBe(201);
    expect(json((await h.app.inject(`${ROLES}/r`)).body)).toMatchObject({
      metadata: { name: 'r', namespace: 'x' },
    });
    expect((await put(`${CLUSTER_ROLES}/cr`, role('cr', 'ClusterRole'))).statusCode).toBe(201);
  });

  it('creates a Service through the Service strategy (status dropped, as on POST)', async () => {
    const res = await put('/api/v1/namespaces/x/services/svc', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { ports: [{ port: 80 }] },
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } },
    });
    expect(res.statusCode).toBe(201);
    const svc = json(res.body) as { spec: Record<string, unknown>; status?: unknown };
    expect(svc.spec.ports).toMatchObject([{ port: 80 }]);
    expect(svc.status).not.toMatchObject({ loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } });
  });

  it('honours dryRun: 201 with the object, nothing stored', async () => {
    const res = await put(`${LEASES}/dry?dryRun=All`, lease('dry'));
    expect(res.statusCode).toBe(201);
    expect(json(res.body)).toMatchObject({ metadata: { name: 'dry' } });
    expect((await h.app.inject(`${LEASES}/dry`)).statusCode).toBe(404);
  });

  it('refuses a name or namespace that disagrees with the URL (400) and invalid objects (422), storing nothing', async () => {
    const renamed = await put(`${LEASES}/l`, lease('other'));
    expect(renamed.statusCode).toBe(400);
    expect(json(renamed.body).message).toBe(
      'the name of the object (other) does not match the name on the URL (l)',
    );
    const moved = await put(`${LEASES}/l`, { ...lease('l'), metadata: { name: 'l', namespace: 'y' } });
    expect(moved.statusCode).toBe(400);
    const invalid = await put(`${LEASES}/l`, lease('l', { leaseDurationSeconds: 'long' }));
    expect(invalid.statusCode).toBe(422);
    expect(json(invalid.body)).toMatchObject({ reason: 'Invalid', details: { kind: 'Lease', name: 'l' } });
    const badName = await put(`${LEASES}/Bad_Name`, lease('Bad_Name'));
    expect(badName.statusCode).toBe(422);
    expect(json((await h.app.inject(LEASES)).body).items).toEqual([]);
  });

  it('answers 404 for a resourceVersion on a missing object, as upstream', async () => {
    const res = await put(`${LEASES}/l`, { ...lease('l'), metadata: { name: 'l', resourceVersion: '5' } });
    expect(res.statusCode).toBe(404);
  });

  it('keeps 404 NotFound for kinds that never create on PUT (ConfigMap, Secret, Namespace, custom resources)', async () => {
    const cases: Array<[string, unknown]> = [
      [`${CMS}/a`, cm('a')],
      ['/api/v1/namespaces/x/secrets/s', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }],
      ['/api/v1/namespaces/fresh', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } }],
      [
        '/apis/networking.higress.io/v1/namespaces/x/mcpbridges/m',
        { apiVersion: 'networking.higress.io/v1', kind: 'McpBridge', metadata: { name: 'm' }, spec: {} },
      ],
    ];
    for (const [url, body] of cases) {
      const res = await put(url, body);
      expect(res.statusCode, url).toBe(404);
      expect(json(res.body)).toMatchObject({ kind: 'Status', reason: 'NotFound' });
      expect((await h.app.inject(url)).statusCode, url).toBe(404);
    }
  });

  it('never creates through /status, even for a kind that creates on PUT', async () => {
    const url = '/api/v1/namespaces/x/services/svc/status';
    const res = await put(url, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: {} });
    expect(res.statusCode).toBe(404);
  });
});
