/**
 * A kind that declares `impliedByNamespace`: gadgets (cluster-scoped) stand for namespaces, widgets
 * (namespaced) bring namespaces into use. Every implied event carries the resourceVersion of the
 * write that caused it, in order with the kind's own events, live, initially and on resume; the
 * implied objects are ordinary entries for gets, lists and pages too.
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryDriver } from '../drivers/memory-driver.js';
import type { Storage, WatchEvent } from '../store-types.js';
import { gadgetDefinition, widget, widgetDefinition } from '../testing/definitions.js';
import { take } from '../testing/helpers.js';
import { rejection } from '../testing/store-fixture.js';
import { createStorage } from './create-storage.js';

const implied = (namespace: string): KubeObject => ({
  apiVersion: 'test.hs.io/v1',
  kind: 'Gadget',
  metadata: { name: namespace, labels: { implied: 'true' } },
});
/** Gadgets implied by the namespaces in use. */
const impliedGadgets: ResourceDefinition = { ...gadgetDefinition, impliedByNamespace: implied };
const gadget = (name: string): KubeObject => ({
  apiVersion: 'test.hs.io/v1',
  kind: 'Gadget',
  metadata: { name },
});
const line = (e: WatchEvent) =>
  `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}${e.object.metadata.labels?.implied ? ' implied' : ''}`;

describe('watch events implied by namespaces in use', () => {
  let storage: Storage;
  const controllers: AbortController[] = [];
  afterEach(async () => {
    for (const c of controllers.splice(0)) c.abort();
    await storage.close();
  });
  const open = async (historyLimit?: number, gadgets = impliedGadgets) => {
    storage = await createStorage({
      driver: createMemoryDriver(),
      ...(historyLimit ? { historyLimit } : {}),
    });
    return { widgets: storage.for(widgetDefinition), gadgets: storage.for(gadgets) };
  };
  const watch = async (resourceVersion?: string) => {
    const controller = new AbortController();
    controllers.push(controller);
    const watcher = await storage.for(impliedGadgets).watch({
      resourceVersion,
      signal: controller.signal,
    });
    return watcher[Symbol.asyncIterator]();
  };

  it('announces a namespace coming into use and going out of use, at the causing write', async () => {
    const { widgets } = await open();
    const events = await watch(storage.currentResourceVersion());
    const first = await widgets.create(widget('a', { namespace: 'n1' }));
    await widgets.create(widget('b', { namespace: 'n1' }));
    await widgets.delete('n1', 'a');
    const { object: last } = await widgets.delete('n1', 'b');
    const rv1 = first.metadata.resourceVersion;
    expect((await take(events, 2)).map(line)).toEqual([
      `ADDED n1@${rv1} implied`,
      `DELETED n1@${last.metadata.resourceVersion} implied`,
    ]);
    expect(storage.namespaceInUseSince('n1')).toBeUndefined();
  });

  it('reports since when a namespace came into use, and starts a watch with it', async () => {
    const { widgets, gadgets } = await open();
    const first = await widgets.create(widget('a', { namespace: 'n1' }));
    await widgets.create(widget('b', { namespace: 'n1' }));
    await gadgets.create(gadget('stored'));
    expect(storage.namespaceInUseSince('n1')).toBe(first.metadata.resourceVersion);
    const events = await watch();
    const initial = (await take(events, 2)).map(line).sort();
    expect(initial).toEqual([
      `ADDED n1@${first.metadata.resourceVersion} implied`,
      expect.stringMatching(/^ADDED stored@/),
    ]);
  });

  it('stays silent for namespaces whose object is stored, and brings the implied one back on its delete', async () => {
    const { widgets, gadgets } = await open();
    await gadgets.create(gadget('real'));
    const events = await watch(storage.currentResourceVersion());
    await widgets.create(widget('a', { namespace: 'real' }));
    const { object: gone } = await gadgets.delete(undefined, 'real');
    const rv = gone.metadata.resourceVersion;
    expect((await take(events, 2)).map(line)).toEqual([`DELETED real@${rv}`, `ADDED real@${rv} implied`]);
  });

  it('replays implied events in order on resume, as a live watch saw them', async () => {
    const { widgets, gadgets } = await open();
    await gadgets.create(gadget('before'));
    const from = storage.currentResourceVersion();
    const live = await watch(from);
    await widgets.create(widget('a', { namespace: 'n1' }));
    await gadgets.create(gadget('g'));
    await widgets.create(widget('b', { namespace: 'n2' }));
    await widgets.delete('n1', 'a');
    await gadgets.create(gadget('n2'));
    await widgets.delete('n2', 'b');
    const seen = (await take(live, 5)).map(line);
    expect(seen).toEqual([
      expect.stringMatching(/^ADDED n1@\d+ implied$/),
      expect.stringMatching(/^ADDED g@\d+$/),
      expect.stringMatching(/^ADDED n2@\d+ implied$/),
      expect.stringMatching(/^DELETED n1@\d+ implied$/),
      expect.stringMatching(/^ADDED n2@\d+$/),
    ]);
    expect((await take(await watch(from), 5)).map(line)).toEqual(seen);
  });

  it('answers Compacted when the implied history no longer reaches back', async () => {
    const { widgets, gadgets } = await open(2);
    await gadgets.create(gadget('before'));
    const from = storage.currentResourceVersion();
    for (const ns of ['n1', 'n2', 'n3']) await widgets.create(widget('a', { namespace: ns }));
    const err = await rejection(watch(from));
    expect(err).toMatchObject({ code: 'Compacted' });
  });

  it('never adds implied events to kinds that do not declare them', async () => {
    const { widgets, gadgets } = await open(undefined, gadgetDefinition);
    const controller = new AbortController();
    controllers.push(controller);
    const plain = (await gadgets.watch({ signal: controller.signal }))[Symbol.asyncIterator]();
    await widgets.create(widget('a', { namespace: 'n1' }));
    await gadgets.create(gadget('g'));
    expect((await take(plain, 1)).map(line)).toEqual([expect.stringMatching(/^ADDED g@\d+$/)]);
  });
});
