/**
 * Graceful deletion of Pods as kube-apiserver does it with no kubelet (registry/rest/delete.go,
 * pod strategy CheckGracefulDelete): an unscheduled Pod is marked (deletionTimestamp,
 * deletionGracePeriodSeconds 0; watchers see MODIFIED) and then deleted; a Pod on a node stays,
 * marked for its grace period, until a DELETE shortens it to 0. Other kinds are deleted at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const PODS = '/api/v1/namespaces/g/pods';

const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'busybox:1.36' }], ...spec },
});

type Meta = Record<string, unknown> & { resourceVersion: string };
const metaOf = (body: string) => (json(body) as { metadata: Meta }).metadata;

describe.each(['memory', 'file'] as const)('Pod graceful deletion (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(kind);
  });
  afterAll(() => h.close());

  const post = (url: string, body: unknown) => h.app.inject({ method: 'POST', url, payload: body as object });
  const del = (url: string, body?: unknown) =>
    h.app.inject({ method: 'DELETE', url, ...(body === undefined ? {} : { payload: body as object }) });

  it('marks an unscheduled Pod, then deletes it; watchers see MODIFIED then DELETED', async () => {
    const created = await post(PODS, pod('loose'));
    const rv = metaOf(created.body).resourceVersion;
    const dry = await del(`${PODS}/loose?dryRun=All`);
    expect(dry.statusCode).toBe(200);
    expect(metaOf(dry.body)).toMatchObject({ deletionGracePeriodSeconds: 0 });
    expect(metaOf(dry.body).deletionTimestamp).toEqual(expect.any(String));
    expect(metaOf((await h.app.inject(`${PODS}/loose`)).body)).not.toHaveProperty('deletionTimestamp');

    const res = await del(`${PODS}/loose`);
    expect(res.statusCode).toBe(200);
    expect(json(res.body).kind).toBe('Pod');
    expect(metaOf(res.body)).toMatchObject({ deletionGracePeriodSeconds: 0 });
    expect(metaOf(res.body).deletionTimestamp).toEqual(expect.any(String));
    expect((await h.app.inject(`${PODS}/loose`)).statusCode).toBe(404);

    const watch = await h.app.inject(`${PODS}?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
    const events = watch.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; object: { metadata: Meta } });
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
    expect(events[0]?.object.metadata).toMatchObject({ deletionGracePeriodSeconds: 0 });
    expect(events[1]?.object.metadata.resourceVersion).toBe(metaOf(res.body).resourceVersion);
  });

  it('leaves a scheduled Pod marked for its grace period, until a DELETE shortens it', async () => {
    await post(PODS, pod('placed', { nodeName: 'node-a' }));
    const first = await del(`${PODS}/placed`);
    expect(first.statusCode).toBe(200);
    const marked = metaOf(first.body);
    expect(marked.deletionGracePeriodSeconds).toBe(30);
    const creation = Date.parse(String(marked.creationTimestamp));
    expect(Date.parse(String(marked.deletionTimestamp)) - creation).toBeGreaterThanOrEqual(29_000);

    const got = await h.app.inject(`${PODS}/placed`);
    expect(got.statusCode).toBe(200);
    expect(metaOf(got.body)).toMatchObject({ deletionGracePeriodSeconds: 30 });

    // a longer or equal grace period changes nothing
    const again = await del(`${PODS}/placed`, { gracePeriodSeconds: 60 });
    expect(again.statusCode).toBe(200);
    expect(metaOf(again.body).resourceVersion).toBe(marked.resourceVersion);

    const shortened = await del(`${PODS}/placed`, { gracePeriodSeconds: 10 });
    expect(metaOf(shortened.body).deletionGracePeriodSeconds).toBe(10);
    expect(Date.parse(String(metaOf(shortened.body).deletionTimestamp))).toBe(
      Date.parse(String(marked.deletionTimestamp)) - 20_000,
    );

    const now = await del(`${PODS}/placed?gracePeriodSeconds=0`);
    expect(now.statusCode).toBe(200);
    expect(metaOf(now.body).deletionGracePeriodSeconds).toBe(0);
    expect((await h.app.inject(`${PODS}/placed`)).statusCode).toBe(404);
  });

  it('deletes other kinds at once, without marking them', async () => {
    await post('/api/v1/namespaces/g/configmaps', cm('plain'));
    const res = await del('/api/v1/namespaces/g/configmaps/plain');
    expect(res.statusCode).toBe(200);
    expect(json(res.body).kind).toBe('Status');
  });
});
