import { isStorageError } from '@hs/apimachinery';
import { describe, expect, it } from 'vitest';
import { createMemoryDriver } from '../drivers/memory-driver.js';
import { widget, widgetDefinition } from '../testing/definitions.js';
import { createStorage } from './create-storage.js';

describe('get with shared: true', () => {
  it('returns the frozen cached object, equal to the private copy and replaced on update', async () => {
    const storage = await createStorage({ driver: createMemoryDriver() });
    const widgets = storage.for(widgetDefinition);
    const created = await widgets.create(widget('a', { replicas: 1 }));

    const shared = await widgets.get('default', 'a', { shared: true });
    const copy = await widgets.get('default', 'a');
    expect(shared).toEqual(copy);
    expect(Object.isFrozen(shared)).toBe(true);
    expect(Object.isFrozen(copy)).toBe(false);
    // Readers cannot corrupt the cache through the shared object.
    expect(() => {
      (shared.metadata as { name?: string }).name = 'b';
    }).toThrow(TypeError);
    expect(await widgets.get('default', 'a', { shared: true })).toBe(shared);

    await widgets.update('default', 'a', (current) => ({ ...current!, spec: { replicas: 2 } }));
    const after = await widgets.get('default', 'a', { shared: true });
    expect(after).not.toBe(shared);
    expect(after.spec).toEqual({ replicas: 2 });
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));

    await widgets.delete('default', 'a');
    await expect(widgets.get('default', 'a', { shared: true })).rejects.toSatisfy((e) =>
      isStorageError(e, 'KeyNotFound'),
    );
    await storage.close();
  });
});
