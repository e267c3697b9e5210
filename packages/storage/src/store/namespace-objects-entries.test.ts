/**
 * Implied objects are ordinary cache entries: pages honour the limit and hold them in key order,
 * snapshots roll them back, get answers them, writes see only stored objects (an update or a delete
 * stores the implied object first), and a restart rebuilds them from the stored objects without new revisions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileDriver } from '../drivers/file/file-driver.js';
import { createMemoryDriver } from '../drivers/memory-driver.js';
import type { Storage, WatchEvent } from '../store-types.js';
import { gadgetDefinition, widget, widgetDefinition } from '../testing/definitions.js';
import { take } from '../testing/helpers.js';
import { rejection, storageErrorCode } from '../testing/store-fixture.js';
import { createStorage } from './create-storage.js';
import { restampResourceVersion } from './restamp.js';

const impliedGadgets: ResourceDefinition = {
  ...gadgetDefinition,
  impliedByNamespace: (namespace) => ({
    apiVersion: 'test.hs.io/v1',
    kind: 'Gadget',
    metadata: { name: namespace, labels: { implied: 'true' } },
  }),
};
const gadget = (name: string): KubeObject => ({
  apiVersion: 'test.hs.io/v1',
  kind: 'Gadget',
  metadata: { name },
});
const names = (items: readonly KubeObject[]) =>
  items.map((o) => `${o.metadata.name}${o.metadata.labels?.implied ? ' implied' : ''}`);
const line = (e: WatchEvent) => `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`;

describe('implied objects as cache entries', () => {
  let storage: Storage | undefined;
  let root: string | undefined;
  const controllers: AbortController[] = [];
  afterEach(async () => {
    for (const c of controllers.splice(0)) c.abort();
    await storage?.close();
    storage = undefined;
    if (root) await rm(root, { recursive: true, force: true });
    root = undefined;
  });
  const open = async () => {
    storage = await createStorage({ driver: createMemoryDriver() });
    return { widgets: storage.for(widgetDefinition), gadgets: storage.for(impliedGadgets) };
  };
  const watch = async (resourceVersion: string) => {
    const controller = new AbortController();
    controllers.push(controller);
    const watcher = await storage!.for(impliedGadgets).watch({ resourceVersion, signal: controller.signal });
    return watcher[Symbol.asyncIterator]();
  };

  it('pages through implied and stored objects in name order, never past the limit', async () => {
    const { widgets, gadgets } = await open();
    await widgets.create(widget('a', { namespace: 'n1' }));
    await widgets.create(widget('a', { namespace: 'n3' }));
    await gadgets.create(gadget('n2'));
    const first = await gadgets.list({ limit: 2 });
    expect(names(first.items)).toEqual(['n1 implied', 'n2']);
    expect(first.remainingItemCount).toBe(1);
    const second = await gadgets.list({ limit: 2, continue: first.continue });
    expect(names(second.items)).toEqual(['n3 implied']);
    expect(second.continue).toBeUndefined();
  });

  it('leaves implied objects out of a list that asks for stored objects only', async () => {
    const { widgets, gadgets } = await open();
    await widgets.create(widget('a', { namespace: 'n1' }));
    await gadgets.create(gadget('n2'));
    expect(names((await gadgets.list({ storedOnly: true })).items)).toEqual(['n2']);
    expect(names((await gadgets.list({})).items)).toEqual(['n1 implied', 'n2']);
  });

  it('keeps a paged snapshot: implied objects that came or went later are rolled back', async () => {
    const { widgets, gadgets } = await open();
    const one = await widgets.create(widget('a', { namespace: 'n1' }));
    await widgets.create(widget('a', { namespace: 'n2' }));
    const first = await gadgets.list({ limit: 1 });
    expect(names(first.items)).toEqual(['n1 implied']);
    await widgets.delete('n2', 'a');
    await widgets.create(widget('a', { namespace: 'n3' }));
    const rest = await gadgets.list({ limit: 5, continue: first.continue });
    expect(names(rest.items)).toEqual(['n2 implied']);
    const exact = await gadgets.list({
      resourceVersion: one.metadata.resourceVersion,
      resourceVersionMatch: 'Exact',
    });
    expect(names(exact.items)).toEqual(['n1 implied']);
    expect(names((await gadgets.list({})).items)).toEqual(['n1 implied', 'n3 implied']);
  });

  it('answers get with the implied object; a delete stores it first, a dry-run update finds nothing stored', async () => {
    const { widgets, gadgets } = await open();
    const created = await widgets.create(widget('a', { namespace: 'n1' }));
    const got = await gadgets.get(undefined, 'n1');
    expect(got.metadata).toMatchObject({
      name: 'n1',
      resourceVersion: created.metadata.resourceVersion,
      labels: { implied: 'true' },
    });
    expect(got.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    const dry = gadgets.update(undefined, 'n1', (o) => o!, { dryRun: true });
    expect(await storageErrorCode(dry)).toBe('KeyNotFound');
    expect(await gadgets.get(undefined, 'n1')).toEqual(got);
    // The delete removes a stored copy (a uid of its own); the namespace is still in use, so the
    // implied object is back, as it was.
    const deleted = await gadgets.delete(undefined, 'n1');
    expect(deleted.deleted).toBe(true);
    expect(deleted.object.metadata.uid).not.toBe(got.metadata.uid);
    expect(await gadgets.get(undefined, 'n1')).toMatchObject({
      metadata: { name: 'n1', uid: got.metadata.uid, labels: { implied: 'true' } },
    });
  });

  it('stores an implied object before updating it: ADDED, then MODIFIED, with a uid of its own', async () => {
    const { widgets, gadgets } = await open();
    await widgets.create(widget('a', { namespace: 'n1' }));
    const implied = await gadgets.get(undefined, 'n1');
    const events = await watch(storage!.currentResourceVersion());
    const { object, created } = await gadgets.update(undefined, 'n1', (o) => ({
      ...o!,
      metadata: { ...o!.metadata, labels: { ...o!.metadata.labels, extra: 'yes' } },
    }));
    expect(created).toBe(false);
    expect(object.metadata.labels).toEqual({ implied: 'true', extra: 'yes' });
    expect(object.metadata.uid).not.toBe(implied.metadata.uid);
    const seen = await take(events, 2);
    expect(seen.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(seen[1]!.object.metadata.resourceVersion).toBe(object.metadata.resourceVersion);
  });

  it('sees a stored object created over an implied one as ADDED, and rolls it back to the implied one', async () => {
    const { widgets, gadgets } = await open();
    const first = await widgets.create(widget('a', { namespace: 'n1' }));
    const before = first.metadata.resourceVersion!;
    const events = await watch(before);
    const stored = await gadgets.create(gadget('n1'));
    expect((await take(events, 1)).map(line)).toEqual([`ADDED n1@${stored.metadata.resourceVersion}`]);
    const exact = await gadgets.list({ resourceVersion: before, resourceVersionMatch: 'Exact' });
    expect(names(exact.items)).toEqual(['n1 implied']);
    expect(names((await gadgets.list({})).items)).toEqual(['n1']);
    // Deleting the stored object brings the implied one back at the delete's revision.
    const { object: gone } = await gadgets.delete(undefined, 'n1');
    const back = await gadgets.get(undefined, 'n1');
    expect(back.metadata).toMatchObject({
      resourceVersion: gone.metadata.resourceVersion,
      labels: { implied: 'true' },
    });
  });

  it('rebuilds implied objects at start from the stored objects, without a new revision', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hs-implied-restart-'));
    const dir = root;
    const reopen = async () => {
      storage = await createStorage({
        driver: createFileDriver({ rootDir: dir, restamp: restampResourceVersion, debounceMs: 10 }),
      });
      return { widgets: storage.for(widgetDefinition), gadgets: storage.for(impliedGadgets) };
    };
    const { widgets, gadgets } = await reopen();
    const first = await widgets.create(widget('a', { namespace: 'n1' }));
    await widgets.create(widget('b', { namespace: 'n1' }));
    await widgets.create(widget('a', { namespace: 'n2' }));
    const listed = await gadgets.list({});
    await storage!.close();
    const again = await reopen();
    expect(storage!.currentResourceVersion()).toBe(listed.resourceVersion);
    const relisted = await again.gadgets.list({});
    expect(relisted.items.map((o) => [o.metadata.name, o.metadata.resourceVersion, o.metadata.uid])).toEqual(
      listed.items.map((o) => [o.metadata.name, o.metadata.resourceVersion, o.metadata.uid]),
    );
    expect(relisted.items[0]!.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    // A watch resumed at the store's revision sees only what happens next.
    const events = await watch(relisted.resourceVersion);
    const next = await again.gadgets.create(gadget('g'));
    expect((await take(events, 1)).map(line)).toEqual([`ADDED g@${next.metadata.resourceVersion}`]);
  });

  it('answers Compacted for resumes from before a kind declaring implied objects was first served', async () => {
    storage = await createStorage({ driver: createMemoryDriver() });
    const widgets = storage.for(widgetDefinition);
    const first = await widgets.create(widget('a', { namespace: 'n1' }));
    await widgets.create(widget('a', { namespace: 'n2' }));
    const gadgets = storage.for(impliedGadgets);
    expect(names((await gadgets.list({})).items)).toEqual(['n1 implied', 'n2 implied']);
    const err = await rejection(watch(first.metadata.resourceVersion!));
    expect(err).toMatchObject({ code: 'Compacted' });
  });
});
