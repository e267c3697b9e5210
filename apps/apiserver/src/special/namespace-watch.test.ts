/**
 * A namespace watch sees synthesised namespaces come and go: ADDED when a namespace's first object
 * is created (at that object's resourceVersion), DELETED when its last object goes, never for a
 * namespace that is stored as a Namespace (nor for the built-in ones, always there). GET, list,
 * resumes and informers agree with it. (Objects are written with NamespaceLifecycle off, the
 * fixtures' default, as data adopted from higress-standalone was.)
 */
import { CoreV1Api, KubeConfig, makeInformer, type V1Namespace } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { cm, listening, type StorageKind } from '../testing/harness.js';
import { openWatch, type WatchEventLine } from '../testing/watch-client.js';

const NAMESPACES = '/api/v1/namespaces';
const BUILT_IN = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
type Meta = { metadata: { name: string; resourceVersion: string; uid?: string } };

describe.each<StorageKind>(['memory', 'file'])('namespace watch on %s storage', (kind) => {
  let server: StartedServer;
  beforeEach(async () => {
    server = await listening(kind);
  });
  afterEach(() => server.close());

  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Meta & { items?: Meta[] };
  };
  const listRv = async () => (await send('GET', NAMESPACES)).metadata.resourceVersion;
  const line = (e: WatchEventLine) =>
    `${e.type} ${String(e.object.metadata?.name)}@${String(e.object.metadata?.resourceVersion)}`;

  it('announces a namespace coming into use, with the resourceVersion GET and list report', async () => {
    // (a write first, so the watch starts after a revision rather than with the built-in namespaces)
    await send('POST', '/api/v1/namespaces/default/configmaps', cm('first'));
    const rv = await listRv();
    const w = await openWatch(`${server.url}${NAMESPACES}?watch=true&resourceVersion=${rv}`);
    const created = await send('POST', '/api/v1/namespaces/fresh/configmaps', cm('a'));
    const at = created.metadata.resourceVersion;
    const event = await w.next();
    expect(line(event)).toBe(`ADDED fresh@${at}`);
    expect(event.object).toMatchObject({ kind: 'Namespace', status: { phase: 'Active' } });
    const got = await send('GET', `${NAMESPACES}/fresh`);
    expect(got.metadata).toMatchObject({
      name: 'fresh',
      resourceVersion: at,
      uid: event.object.metadata?.uid,
    });
    const listed = (await send('GET', NAMESPACES)).items?.find((i) => i.metadata.name === 'fresh');
    expect(listed?.metadata.resourceVersion).toBe(at);
    // A second object in the namespace changes nothing for the watch; the last one leaving withdraws it.
    await send('POST', '/api/v1/namespaces/fresh/configmaps', cm('b'));
    await send('DELETE', '/api/v1/namespaces/fresh/configmaps/a');
    await send('DELETE', '/api/v1/namespaces/fresh/configmaps/b');
    // A ConfigMap DELETE answers a Status; the list right after reports the deletion's revision.
    const after = await send('GET', '/api/v1/namespaces/fresh/configmaps');
    expect(line(await w.next())).toBe(`DELETED fresh@${after.metadata.resourceVersion}`);
    w.close();
  });

  it('replays the same events to a watch resumed from an older resourceVersion', async () => {
    await send('POST', '/api/v1/namespaces/base/configmaps', cm('a'));
    const rv = await listRv();
    expect(Number(rv)).toBeGreaterThan(0);
    const live = await openWatch(`${server.url}${NAMESPACES}?watch=true&resourceVersion=${rv}`);
    await send('POST', '/api/v1/namespaces/one/configmaps', cm('a'));
    await send('POST', NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'stored' } });
    await send('POST', '/api/v1/namespaces/stored/configmaps', cm('a'));
    await send('DELETE', '/api/v1/namespaces/one/configmaps/a');
    const seen = [line(await live.next()), line(await live.next()), line(await live.next())];
    expect(seen.map((s) => s.split('@')[0])).toEqual(['ADDED one', 'ADDED stored', 'DELETED one']);
    const resumed = await openWatch(`${server.url}${NAMESPACES}?watch=true&resourceVersion=${rv}`);
    expect([line(await resumed.next()), line(await resumed.next()), line(await resumed.next())]).toEqual(
      seen,
    );
    live.close();
    resumed.close();
  });

  it('starts a watch from now with an ADDED event for each synthesised namespace in use', async () => {
    const created = await send('POST', '/api/v1/namespaces/busy/configmaps', cm('a'));
    const w = await openWatch(`${server.url}${NAMESPACES}?watch=true`);
    expect(line(await w.next())).toBe(`ADDED busy@${created.metadata.resourceVersion}`);
    w.close();
  });
});

describe('namespace informer (@kubernetes/client-node)', () => {
  it('adds a namespace that comes into use after the informer started, and removes it when emptied', async () => {
    const server = await listening();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'test', server: server.url, skipTLSVerify: true }],
      users: [{ name: 'test' }],
      contexts: [{ name: 'test', cluster: 'test', user: 'test' }],
      currentContext: 'test',
    });
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Namespace>(kc, NAMESPACES, () => api.listNamespace());
    const added: string[] = [];
    const deleted: string[] = [];
    // the built-in namespaces are there from the start
    informer.on('add', (ns) => {
      if (!BUILT_IN.includes(ns.metadata?.name ?? '')) added.push(ns.metadata?.name ?? '');
    });
    informer.on('delete', (ns) => deleted.push(ns.metadata?.name ?? ''));
    try {
      await informer.start();
      await api.createNamespacedConfigMap({ namespace: 'late', body: { metadata: { name: 'a' } } });
      await vi.waitFor(() => expect(added).toEqual(['late']), { timeout: 10_000, interval: 20 });
      expect(informer.get('late')?.status?.phase).toBe('Active');
      await api.deleteNamespacedConfigMap({ namespace: 'late', name: 'a' });
      await vi.waitFor(() => expect(deleted).toEqual(['late']), { timeout: 10_000, interval: 20 });
      expect(informer.list().map((ns) => ns.metadata?.name)).toEqual(BUILT_IN);
    } finally {
      await informer.stop();
      await server.close();
    }
  });
});
