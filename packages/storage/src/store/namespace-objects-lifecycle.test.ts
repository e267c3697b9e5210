/**
 * What namespace lifecycle needs from the store, with test kinds: objects `alwaysImplied` exist
 * while nothing is stored or in use and come back after a stored one is deleted; a kind's own
 * finalizers (`holdsDeletion`) make a delete mark the object, implied or stored, and an update
 * that drops them removes it.
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryDriver } from '../drivers/memory-driver.js';
import type { Storage, WatchEvent } from '../store-types.js';
import { gadgetDefinition, widget, widgetDefinition } from '../testing/definitions.js';
import { take } from '../testing/helpers.js';
import { createStorage } from './create-storage.js';

const held = (o: KubeObject) => ((o.spec as { hold?: string[] } | undefined)?.hold ?? []).length > 0;
const spaces: ResourceDefinition = {
  ...gadgetDefinition,
  impliedByNamespace: (namespace) => ({
    apiVersion: 'test.hs.io/v1',
    kind: 'Gadget',
    metadata: { name: namespace },
    spec: { hold: ['me'] },
  }),
  alwaysImplied: ['base'],
  strategy: {
    holdsDeletion: held,
    prepareForDelete: (o) => {
      o.status = { phase: 'Going' };
    },
  },
};
const line = (e: WatchEvent) =>
  `${e.type} ${e.object.metadata.name} ${(e.object.status as { phase?: string } | undefined)?.phase ?? '-'}`;

describe('namespace lifecycle in the store', () => {
  let storage: Storage | undefined;
  const controllers: AbortController[] = [];
  afterEach(async () => {
    for (const c of controllers.splice(0)) c.abort();
    await storage?.close();
    storage = undefined;
  });
  const open = async () => {
    storage = await createStorage({ driver: createMemoryDriver() });
    return { widgets: storage.for(widgetDefinition), gadgets: storage.for(spaces) };
  };

  it('keeps an alwaysImplied object while nothing is stored, and brings it back after a delete', async () => {
    const { widgets, gadgets } = await open();
    expect((await gadgets.list({})).items.map((o) => o.metadata.name)).toEqual(['base']);
    const created = await widgets.create(widget('a', { namespace: 'base' }));
    await widgets.delete('base', 'a');
    // Emptied, the namespace stays.
    expect((await gadgets.get(undefined, 'base')).metadata.name).toBe('base');
    const stored = await gadgets.update(undefined, 'base', (o) => ({ ...o!, spec: { hold: [] } }));
    expect(Number(stored.object.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    const gone = await gadgets.delete(undefined, 'base');
    expect(gone.deleted).toBe(true);
    expect((await gadgets.get(undefined, 'base')).spec).toEqual({ hold: ['me'] });
  });

  it('marks an object whose own finalizers hold it, and removes it once an update drops them', async () => {
    const { widgets, gadgets } = await open();
    await widgets.create(widget('a', { namespace: 'busy' }));
    const controller = new AbortController();
    controllers.push(controller);
    const watcher = await gadgets.watch({
      resourceVersion: storage!.currentResourceVersion(),
      signal: controller.signal,
    });
    const events = watcher[Symbol.asyncIterator]();

    // An implied one is stored first (ADDED), then marked (MODIFIED), as a stored one would be.
    const marked = await gadgets.delete(undefined, 'busy');
    expect(marked.deleted).toBe(false);
    expect(marked.object.metadata.deletionTimestamp).toEqual(expect.any(String));
    expect(marked.object.metadata.deletionGracePeriodSeconds).toBeUndefined();
    expect(marked.object.status).toEqual({ phase: 'Going' });
    expect((await gadgets.delete(undefined, 'busy')).object).toEqual(marked.object);

    await widgets.delete('busy', 'a');
    const done = await gadgets.update(undefined, 'busy', (o) => ({ ...o!, spec: { hold: [] } }));
    expect(done.object.metadata.name).toBe('busy');
    await expect(gadgets.get(undefined, 'busy')).rejects.toMatchObject({ code: 'KeyNotFound' });
    expect((await take(events, 3)).map(line)).toEqual([
      'ADDED busy -',
      'MODIFIED busy Going',
      'DELETED busy Going',
    ]);
  });

  it('answers a dry-run delete of an implied object without storing it', async () => {
    const { widgets, gadgets } = await open();
    await widgets.create(widget('a', { namespace: 'busy' }));
    const before = await gadgets.get(undefined, 'busy');
    const dry = await gadgets.delete(undefined, 'busy', { dryRun: true });
    expect(dry.deleted).toBe(false);
    expect(dry.object.metadata.deletionTimestamp).toEqual(expect.any(String));
    expect(await gadgets.get(undefined, 'busy')).toEqual(before);
  });
});
