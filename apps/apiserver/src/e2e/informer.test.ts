/**
 * @kubernetes/client-node informers (list + watch) against a real listening server: watches end
 * every 1-2 s (min request timeout 1 s) and every third resumed watch is answered with a forced
 * 410, so the informer both resumes and relists while 1,000 changes happen. Nothing may be missed
 * or delivered twice.
 */

import { createMemoryDriver, createStorage } from '@hs/storage';
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';
import { type SpyStorage, spyStorage } from '../testing/spy-storage.js';

const NS = 'x';
const OBJECTS = 100;
const ROUNDS = 9;

describe('client-node informer', () => {
  let server: StartedServer;
  let storage: SpyStorage;
  let api: CoreV1Api;
  let kc: KubeConfig;

  beforeAll(async () => {
    storage = spyStorage(
      await createStorage({ driver: createMemoryDriver(), historyLimit: 200 }),
      (_options, resuming) => resuming % 3 === 0,
    );
    server = await startServer({
      storage,
      port: 0,
      minRequestTimeoutSeconds: 1,
      // the informer's namespace is written into without a Namespace (an unrelated concern here)
      disableAdmissionPlugins: ['NamespaceLifecycle'],
    });
    kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'test', server: server.url, skipTLSVerify: true }],
      users: [{ name: 'test' }],
      contexts: [{ name: 'test', cluster: 'test', user: 'test' }],
      currentContext: 'test',
    });
    api = kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await server.close();
    await storage.close();
  });

  it('sees every change exactly once across watch restarts and forced relists', async () => {
    const informer = makeInformer<V1ConfigMap>(kc, `/api/v1/namespaces/${NS}/configmaps`, () =>
      api.listNamespacedConfigMap({ namespace: NS }),
    );
    const added = new Map<string, number>();
    const seen = new Map<string, number[]>();
    const deleted = new Map<string, number>();
    const errors: unknown[] = [];
    const record = (obj: V1ConfigMap) => {
      const name = obj.metadata?.name ?? '';
      const values = seen.get(name) ?? [];
      values.push(Number(obj.data?.v));
      seen.set(name, values);
    };
    informer.on('add', (obj) => {
      added.set(obj.metadata?.name ?? '', (added.get(obj.metadata?.name ?? '') ?? 0) + 1);
      record(obj);
    });
    informer.on('update', record);
    informer.on('delete', (obj) =>
      deleted.set(obj.metadata?.name ?? '', (deleted.get(obj.metadata?.name ?? '') ?? 0) + 1),
    );
    informer.on('error', (err) => errors.push(err));
    await informer.start();

    // 1. 1,000 changes: 100 creates and 9 rounds of updates
    const names = Array.from({ length: OBJECTS }, (_, i) => `cm-${i}`);
    for (const name of names) {
      await api.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name }, data: { v: '0' } } });
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const watchesBefore = storage.watches.length;
      for (const name of names) {
        await api.replaceNamespacedConfigMap({
          name,
          namespace: NS,
          body: { metadata: { name }, data: { v: String(round) } },
        });
      }
      // Each round spans at least one watch restart however fast the writes are, so resumes and
      // forced relists happen during the changes, not by luck of timing.
      await vi.waitFor(() => expect(storage.watches.length).toBeGreaterThan(watchesBefore), {
        timeout: 10_000,
        interval: 20,
      });
    }

    // 2. the informer converges on the final state
    await vi.waitFor(
      () => {
        const cached = informer.list(NS);
        expect(cached).toHaveLength(OBJECTS);
        for (const obj of cached) expect(obj.data?.v).toBe(String(ROUNDS));
      },
      { timeout: 25_000, interval: 100 },
    );

    // 3. each object was added once and its versions only moved forward (nothing replayed)
    for (const name of names) {
      expect(added.get(name), name).toBe(1);
      const values = seen.get(name) ?? [];
      for (let i = 1; i < values.length; i++)
        expect(values[i], `${name}: ${values.join(',')}`).toBeGreaterThan(values[i - 1] ?? -1);
      expect(values.at(-1)).toBe(ROUNDS);
    }

    // 4. deletes arrive once each
    await api.deleteCollectionNamespacedConfigMap({ namespace: NS });
    await vi.waitFor(() => expect(informer.list(NS)).toHaveLength(0), { timeout: 25_000, interval: 100 });
    for (const name of names) expect(deleted.get(name), name).toBe(1);
    expect(errors).toEqual([]);
    await informer.stop();

    // 5. the run really exercised resumed watches and forced 410 relists
    expect(storage.forcedCompactions).toBeGreaterThan(0);
    expect(
      storage.watches.filter((w) => w.resourceVersion && w.resourceVersion !== '0').length,
    ).toBeGreaterThan(2);
  }, 60_000);
});
