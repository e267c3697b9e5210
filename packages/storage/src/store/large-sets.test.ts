import { registry } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { createMemoryDriver } from '../drivers/memory-driver.js';
import { createStorage } from './create-storage.js';

const configMaps = registry.find('', 'v1', 'configmaps')!;

/** A memory driver holding `count` ConfigMaps written as raw JSON values (nothing decoded yet). */
async function preloaded(count: number) {
  const driver = createMemoryDriver();
  await driver.start();
  for (let i = 0; i < count; i++) {
    const name = `cm-${String(i).padStart(6, '0')}`;
    await driver.create(`configmaps/default/${name}`, (revision) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name,
          namespace: 'default',
          resourceVersion: String(revision),
          labels: { i: String(i % 7) },
        },
        data: { value: 'x'.repeat(100) },
      }),
    );
  }
  // createStorage starts the driver again: the memory driver keeps its data across start().
  return driver;
}

describe('large sets never hold the event loop', () => {
  it('reports the warm-up through health() until every loaded object is decoded', async () => {
    const storage = await createStorage({ driver: await preloaded(3_000), registry, warmSliceSize: 100 });
    try {
      // The first slice ran; the rest waits for later turns of the event loop.
      expect(storage.health()).toMatch(/^warming the watch cache: 100 of 3000 objects decoded$/);
      // Requests are served meanwhile.
      const got = await storage.for(configMaps).get('default', 'cm-002999');
      expect(got.metadata.name).toBe('cm-002999');
      while (storage.health() !== undefined) await new Promise((resolve) => setImmediate(resolve));
      expect((await storage.for(configMaps).list({})).items).toHaveLength(3_000);
    } finally {
      await storage.close();
    }
  });

  it('is ready at once when the store is small', async () => {
    const storage = await createStorage({ driver: await preloaded(10), registry });
    expect(storage.health()).toBeUndefined();
    await storage.close();
  });

  it('answers a GET issued during a 20,000-object LIST before the LIST', async () => {
    const storage = await createStorage({ driver: await preloaded(20_000), registry });
    try {
      while (storage.health() !== undefined) await new Promise((resolve) => setImmediate(resolve));
      const store = storage.for(configMaps);
      const order: string[] = [];
      const listing = store.list({ predicate: (o) => o.metadata.labels?.i !== '3' }).then((r) => {
        order.push('list');
        return r;
      });
      const getting = store.get('default', 'cm-000007').then(() => order.push('get'));
      const [list] = await Promise.all([listing, getting]);
      expect(order).toEqual(['get', 'list']);
      expect(list.items.length).toBe(20_000 - Math.ceil((20_000 - 3) / 7));
      const names = list.items.map((o) => o.metadata.name!);
      expect(names).toEqual([...names].sort());
    } finally {
      await storage.close();
    }
  });

  it('keeps one snapshot while writes land between the slices of a LIST', async () => {
    const storage = await createStorage({ driver: await preloaded(5_000), registry });
    try {
      const store = storage.for(configMaps);
      const listing = store.list({ predicate: () => true });
      await store.delete('default', 'cm-000001');
      await store.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cm-000001a', namespace: 'default' },
      });
      const list = await listing;
      const names = list.items.map((o) => o.metadata.name);
      expect(names).toHaveLength(5_000);
      expect(names).toContain('cm-000001');
      expect(names).not.toContain('cm-000001a');
    } finally {
      await storage.close();
    }
  });

  it('bounds the history by bytes as well as by count', async () => {
    const storage = await createStorage({ driver: createMemoryDriver(), registry, historyBytes: 4_000 });
    try {
      const store = storage.for(configMaps);
      const revisions: string[] = [];
      for (let i = 0; i < 20; i++) {
        const created = await store.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `big-${i}`, namespace: 'default' },
          data: { value: 'y'.repeat(1_000) },
        });
        revisions.push(created.metadata.resourceVersion!);
      }
      const signal = new AbortController().signal;
      // 20 events are far below the count limit (10,000), yet only the newest few fit in 4,000 bytes.
      await expect(store.watch({ resourceVersion: revisions[0], signal })).rejects.toMatchObject({
        code: 'Compacted',
      });
      const recent = await store.watch({ resourceVersion: revisions[17], signal });
      expect(recent.endReason).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});
