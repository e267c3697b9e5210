/**
 * NamespaceLifecycle through HTTP, as kube-apiserver answers: 404 for the namespace of a write
 * into one that does not exist, 403 for a create in one being deleted, 403 for deleting the
 * immortal namespaces; the built-in namespaces always exist; namespaces holding objects (data
 * adopted from higress-standalone) exist; `disableAdmissionPlugins` brings the old behaviour back.
 */

import { registry } from '@hs/resources';
import { createMemoryDriver, createStorage, type Storage } from '@hs/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const NS = '/api/v1/namespaces';
const cms = (ns: string) => `${NS}/${ns}/configmaps`;
const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('NamespaceLifecycle admission', () => {
  let h: Harness | undefined;
  let storage: Storage | undefined;
  afterEach(async () => {
    await h?.close();
    await storage?.close();
    h = undefined;
    storage = undefined;
  });
  const upstream = async () => (h = await harness('memory', { disableAdmissionPlugins: [] }));
  const post = (url: string, payload: unknown) =>
    h!.app.inject({ method: 'POST', url, payload: payload as object });

  it('answers a create in a namespace that does not exist with 404 for the namespace', async () => {
    await upstream();
    const res = await post(cms('ghost'), cm('x'));
    expect(res.statusCode).toBe(404);
    expect(json(res.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces "ghost" not found',
      reason: 'NotFound',
      details: { name: 'ghost', kind: 'namespaces' },
      code: 404,
    });
    // a dry run and a create-on-update are refused the same way; nothing came into being
    expect((await post(`${cms('ghost')}?dryRun=All`, cm('x'))).statusCode).toBe(404);
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' } };
    const put = await h!.app.inject({
      method: 'PUT',
      url: '/apis/coordination.k8s.io/v1/namespaces/ghost/leases/l',
      payload: lease,
    });
    expect(put.statusCode).toBe(404);
    expect((await h!.app.inject(`${NS}/ghost`)).statusCode).toBe(404);
  });

  it('creates in a namespace once it exists; the Namespace is Active, labelled and finalized as upstream', async () => {
    await upstream();
    const created = await post(NS, namespace('team'));
    expect(created.statusCode).toBe(201);
    expect(json(created.body)).toMatchObject({
      metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect((await post(cms('team'), cm('x'))).statusCode).toBe(201);
  });

  it('serves the built-in namespaces and refuses to delete the immortal ones with 403', async () => {
    await upstream();
    const list = json((await h!.app.inject(NS)).body) as { items: Array<{ metadata: { name: string } }> };
    expect(list.items.map((i) => i.metadata.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    for (const name of ['default', 'kube-system', 'kube-public']) {
      expect(json((await h!.app.inject(`${NS}/${name}`)).body)).toMatchObject({
        metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
      const res = await h!.app.inject({ method: 'DELETE', url: `${NS}/${name}` });
      expect(res.statusCode).toBe(403);
      expect(json(res.body)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        reason: 'Forbidden',
        details: { name, kind: 'namespaces' },
        code: 403,
      });
    }
    expect((await post(cms('kube-system'), cm('x'))).statusCode).toBe(201);
  });

  it('answers a create in a namespace being deleted with 403 NamespaceTerminating', async () => {
    await upstream();
    await post(NS, namespace('going'));
    // a finalizer keeps the content, and so the namespace, while the test looks
    await post(cms('going'), cm('held', { metadata: { finalizers: ['example.com/hold'] } }));
    const deleted = await h!.app.inject({ method: 'DELETE', url: `${NS}/going` });
    expect(deleted.statusCode).toBe(200);
    expect(json(deleted.body)).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'going', deletionTimestamp: expect.any(String) },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Terminating' },
    });
    const res = await post(cms('going'), { ...cm(''), metadata: { generateName: 'new-' } });
    expect(res.statusCode).toBe(403);
    expect(json(res.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'configmaps "new-" is forbidden: unable to create new content in namespace going because it is being terminated',
      reason: 'Forbidden',
      details: {
        name: 'new-',
        kind: 'configmaps',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace going is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
      code: 403,
    });
    // updates of what is there go on (the finalizer's owner must be able to finish)
    const patched = await h!.app.inject({
      method: 'PATCH',
      url: `${cms('going')}/held`,
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: { metadata: { labels: { done: 'yes' } } },
    });
    expect(patched.statusCode).toBe(200);
  });

  it('counts namespaces that hold objects but no Namespace (adopted data) as existing', async () => {
    storage = await createStorage({ driver: createMemoryDriver(), registry });
    const configmaps = storage.for(registry.find('', 'v1', 'configmaps')!);
    await configmaps.create(cm('legacy', { metadata: { namespace: 'higress-system' } }));
    const app = await buildServer({ storage });
    h = { app, close: () => app.close() };
    await app.ready();
    expect((await post(cms('higress-system'), cm('more'))).statusCode).toBe(201);
    expect(json((await app.inject(`${NS}/higress-system`)).body)).toMatchObject({
      metadata: { name: 'higress-system' },
      status: { phase: 'Active' },
    });
  });

  it('lets objects into namespaces nobody created with --disable-admission-plugins=NamespaceLifecycle', async () => {
    h = await harness('memory', { disableAdmissionPlugins: ['NamespaceLifecycle'] });
    expect((await post(cms('ghost'), cm('x'))).statusCode).toBe(201);
    expect(json((await h.app.inject(`${NS}/ghost`)).body)).toMatchObject({
      metadata: { name: 'ghost' },
      status: { phase: 'Active' },
    });
    // the immortal namespaces are the plugin's too
    expect((await h.app.inject({ method: 'DELETE', url: `${NS}/kube-public` })).statusCode).toBe(200);
  });
});
