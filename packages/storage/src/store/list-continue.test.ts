import { CONTINUE_EXPIRED_MESSAGE, isStorageError, type StorageError } from '@hs/apimachinery';
import { registry } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { createMemoryDriver } from '../drivers/memory-driver.js';
import { createStorage } from './create-storage.js';

const configMaps = registry.find('', 'v1', 'configmaps')!;
const cm = (name: string, value: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { value },
});

describe('a continue token whose snapshot is gone', () => {
  it('is answered Compacted with a token that continues the list at the newest revision', async () => {
    const storage = await createStorage({ driver: createMemoryDriver(), registry, historyBytes: 4_000 });
    try {
      const store = storage.for(configMaps);
      for (const name of ['a', 'b', 'c', 'd']) await store.create(cm(name, 'x'));
      const first = await store.list({ namespace: 'default', limit: 2 });
      expect(first.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
      // Enough writes that the first page's snapshot falls out of the history.
      for (let i = 0; i < 20; i++)
        await store.update('default', 'a', (o) => ({ ...o!, data: { value: 'y'.repeat(900) + i } }));
      await store.create(cm('e', 'late'));

      const err = await store
        .list({ namespace: 'default', limit: 2, continue: first.continue })
        .catch((e) => e);
      expect(isStorageError(err, 'Compacted')).toBe(true);
      expect((err as StorageError).message).toBe(CONTINUE_EXPIRED_MESSAGE);
      const next = (err as StorageError).continue;
      expect(next).toBeTruthy();

      // The handed token lists the rest from the newest state: c, d and the later e.
      const rest = await store.list({ namespace: 'default', limit: 10, continue: next });
      expect(rest.items.map((o) => o.metadata.name)).toEqual(['c', 'd', 'e']);
      expect(rest.continue).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});
