import { registry } from '@hs/resources';
import { createMemoryDriver, createStorage, type Storage } from '@hs/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { startServer } from '../start-server.js';

const COUNT = 20_000;

/** A storage over a memory driver holding `count` ConfigMaps written as raw values. */
async function storageWith(count: number, warmSliceSize?: number): Promise<Storage> {
  const driver = createMemoryDriver();
  for (let i = 0; i < count; i++) {
    const name = `cm-${String(i).padStart(6, '0')}`;
    await driver.create(`configmaps/default/${name}`, (revision) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'default', resourceVersion: String(revision) },
        data: { value: 'x'.repeat(200) },
      }),
    );
  }
  return createStorage({ driver, registry, ...(warmSliceSize ? { warmSliceSize } : {}) });
}

const settled = async (storage: Storage) => {
  while (storage.health() !== undefined) await new Promise((resolve) => setImmediate(resolve));
};

describe('a large LIST', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await storageWith(COUNT);
    await settled(storage);
  });
  afterAll(() => storage.close());

  it('yields to other requests: a GET issued during a 20,000-object LIST completes first', async () => {
    const app = await buildServer({ storage });
    try {
      const order: string[] = [];
      const list = app.inject('/api/v1/configmaps').then((res) => {
        order.push('list');
        return res;
      });
      const get = app.inject('/api/v1/namespaces/default/configmaps/cm-000042').then((res) => {
        order.push('get');
        return res;
      });
      const [listed, got] = await Promise.all([list, get]);
      expect(order).toEqual(['get', 'list']);
      expect(got.statusCode).toBe(200);
      expect(listed.statusCode).toBe(200);
      const body = listed.json() as { kind: string; metadata: { resourceVersion: string }; items: unknown[] };
      expect(body.kind).toBe('ConfigMapList');
      expect(body.items).toHaveLength(COUNT);
      expect(body.metadata.resourceVersion).toBe(storage.currentResourceVersion());
    } finally {
      await app.close();
    }
  });

  it('is streamed over HTTP and reads as the same document as a small page', async () => {
    const server = await startServer({ storage, port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('content-length')).toBeNull();
      const body = (await res.json()) as { items: { metadata: { name: string } }[] };
      expect(body.items).toHaveLength(COUNT);
      const page = (await (
        await fetch(`${server.url}/api/v1/namespaces/default/configmaps?limit=3`)
      ).json()) as { items: unknown[] };
      expect(body.items.slice(0, 3)).toEqual(page.items);
      // items of a built-in kind's list carry no apiVersion/kind, as kube-apiserver's typed lists
      expect(Object.keys(body.items[0] ?? {}).sort()).toEqual(['data', 'metadata']);
    } finally {
      await server.close();
    }
  });
});

describe('readiness', () => {
  it('answers /readyz 500 until the watch cache is decoded, then ok', async () => {
    const storage = await storageWith(4_000, 100);
    const app = await buildServer({ storage });
    try {
      const warming = await app.inject('/readyz');
      expect(warming.statusCode).toBe(500);
      expect(warming.body).toMatch(/warming the watch cache: \d+ of 4000 objects decoded/);
      // Served meanwhile, and the LIST is complete.
      const listed = await app.inject('/api/v1/configmaps?limit=1');
      expect(listed.json()).toMatchObject({ metadata: { remainingItemCount: 3_999 } });
      await settled(storage);
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.body).toBe('ok');
    } finally {
      await app.close();
      await storage.close();
    }
  });
});
