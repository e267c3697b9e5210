/**
 * metadata.generation as upstream keeps it: set to 1 and bumped by spec changes only for kinds whose
 * strategy tracks it (registry `tracksGeneration`: Ingress, IngressClass, EndpointSlice, CRDs, custom
 * resources, webhook configurations), bumped when a deletion starts, and never set by a request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/g/configmaps';
const INGRESSES = '/apis/networking.k8s.io/v1/namespaces/g/ingresses';

const ingress = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, ...extra },
  spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
});

type Meta = { generation?: number; resourceVersion: string };
const metaOf = (res: { body: string }) => (json(res.body) as { metadata: Meta }).metadata;

describe.each(['memory', 'file'] as const)('metadata.generation (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(kind);
  });
  afterAll(() => h.close());

  const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    h.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {},
    });

  it('leaves a ConfigMap without generation through creates, updates and patches', async () => {
    const created = await send('POST', CMS, cm('plain'));
    expect(created.statusCode).toBe(201);
    expect(metaOf(created)).not.toHaveProperty('generation');
    const patched = await send('PATCH', `${CMS}/plain`, {
      data: { k: 'changed' },
      metadata: { generation: 7 },
    });
    expect(patched.statusCode).toBe(200);
    expect(metaOf(patched)).not.toHaveProperty('generation');
    expect(metaOf(await h.app.inject(`${CMS}/plain`))).not.toHaveProperty('generation');
  });

  it('starts an Ingress at 1 whatever the request says, and bumps it on spec changes only', async () => {
    const created = await send('POST', INGRESSES, ingress('web', { generation: 42 }));
    expect(created.statusCode).toBe(201);
    expect(metaOf(created).generation).toBe(1);
    const labelled = await send('PATCH', `${INGRESSES}/web`, { metadata: { labels: { a: 'b' } } });
    expect(metaOf(labelled).generation).toBe(1);
    const status = await send('PATCH', `${INGRESSES}/web/status`, {
      status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
    });
    expect(status.statusCode).toBe(200);
    expect(metaOf(status).generation).toBe(1);
    const respec = await send('PATCH', `${INGRESSES}/web`, {
      spec: { defaultBackend: { service: { name: 'web', port: { number: 8080 } } } },
      metadata: { generation: 100 },
    });
    expect(metaOf(respec).generation).toBe(2);
  });

  it('bumps the generation of a tracked kind when a deletion waits on finalizers', async () => {
    await send('POST', INGRESSES, ingress('held', { finalizers: ['example.com/hold'] }));
    const deleting = await send('DELETE', `${INGRESSES}/held`);
    expect(deleting.statusCode).toBe(200);
    const held = metaOf(await h.app.inject(`${INGRESSES}/held`)) as Meta & { deletionTimestamp?: string };
    expect(held.deletionTimestamp).toEqual(expect.any(String));
    expect(held.generation).toBe(2);
    await send('POST', CMS, cm('held', { metadata: { finalizers: ['example.com/hold'] } }));
    await send('DELETE', `${CMS}/held`);
    expect(metaOf(await h.app.inject(`${CMS}/held`))).not.toHaveProperty('generation');
  });
});
