import type { KubeObject } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { widget } from './definitions.js';
import { drain, type MakeDriver, summary, take } from './helpers.js';
import { storageErrorCode, useStorage } from './store-fixture.js';

const appIs = (value: string) => (obj: KubeObject) => obj.metadata.labels?.app === value;

/** List, paging and watch semantics of the resource store. */
export function runStoreReadConformance(name: string, makeDriver: MakeDriver) {
  describe(`store conformance (list, watch): ${name}`, () => {
    const open = useStorage(makeDriver);

    it('lists in key order with namespace and predicate filters and the global resourceVersion', async () => {
      const { widgets, gadgets, storage } = await open();
      for (const [ns, n, app] of [
        ['b', 'x', 'a'],
        ['a', 'z', 'b'],
        ['a', 'y', 'a'],
      ] as const) {
        await widgets.create(widget(n, { namespace: ns, labels: { app } }));
      }
      await gadgets.create({ apiVersion: 'test.hs.io/v1', kind: 'Gadget', metadata: { name: 'g' } });
      const all = await widgets.list({});
      expect(all.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
        'a/y',
        'a/z',
        'b/x',
      ]);
      expect(all.resourceVersion).toBe(storage.currentResourceVersion());
      expect(all.continue).toBeUndefined();
      expect((await widgets.list({ namespace: 'a' })).items.map((o) => o.metadata.name)).toEqual(['y', 'z']);
      expect((await widgets.list({ predicate: appIs('a') })).items.map((o) => o.metadata.name)).toEqual([
        'y',
        'x',
      ]);
      expect(Object.isFrozen(all.items[0])).toBe(true);
      expect((await widgets.list({ resourceVersion: '0' })).items).toHaveLength(3);
      expect(storage.namespacesInUse()).toEqual(['a', 'b']);
    });

    it('pages over one consistent snapshot while objects change', async () => {
      const { widgets } = await open();
      for (const n of ['a', 'b', 'c', 'd', 'e']) await widgets.create(widget(n, { replicas: 1 }));
      const first = await widgets.list({ limit: 2 });
      expect(first.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
      expect(first.remainingItemCount).toBe(3);
      expect(first.continue).toBeTruthy();
      await widgets.update('default', 'c', (cur) => ({ ...cur!, spec: { replicas: 9 } }));
      await widgets.delete('default', 'd');
      await widgets.create(widget('cc'));
      const second = await widgets.list({ limit: 2, continue: first.continue });
      expect(second.resourceVersion).toBe(first.resourceVersion);
      expect(second.items.map((o) => o.metadata.name)).toEqual(['c', 'd']);
      expect(second.items[0]!.spec).toEqual({ replicas: 1 });
      // Counted at the snapshot: 'e' is left; 'cc' was created after it and 'd' deleted after it.
      expect(second.remainingItemCount).toBe(1);
      await widgets.delete('default', 'e');
      await widgets.create(widget('f'));
      const fromB = await widgets.list({ limit: 1, continue: first.continue });
      expect(fromB.items.map((o) => o.metadata.name)).toEqual(['c']);
      expect(fromB.remainingItemCount).toBe(2);
      const now = await widgets.list({ limit: 1 });
      expect(now.remainingItemCount).toBe(4);
      const third = await widgets.list({ limit: 2, continue: second.continue });
      expect(third.items.map((o) => o.metadata.name)).toEqual(['e']);
      expect(third.continue).toBeUndefined();
      expect((await widgets.list({})).items.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c', 'cc', 'f']);
    });

    it('answers Compacted for a continue token older than the history, InvalidObject for a forged one', async () => {
      const { widgets } = await open({ historyLimit: 3 });
      for (const n of ['a', 'b', 'c']) await widgets.create(widget(n));
      const first = await widgets.list({ limit: 1 });
      for (let i = 0; i < 5; i++)
        await widgets.update('default', 'a', (cur) => ({ ...cur!, spec: { replicas: i + 2 } }));
      expect(await storageErrorCode(widgets.list({ limit: 1, continue: first.continue }))).toBe('Compacted');
      expect(await storageErrorCode(widgets.list({ limit: 1, continue: 'garbage' }))).toBe('InvalidObject');
    });

    it('lists the exact state at a past resourceVersion and times out on a future one', async () => {
      const { widgets } = await open({ futureRevisionWaitMs: 50 });
      const a = await widgets.create(widget('a', { replicas: 1 }));
      await widgets.update('default', 'a', (cur) => ({ ...cur!, spec: { replicas: 2 } }));
      await widgets.create(widget('b'));
      const past = await widgets.list({
        resourceVersion: a.metadata.resourceVersion,
        resourceVersionMatch: 'Exact',
      });
      expect(past.resourceVersion).toBe(a.metadata.resourceVersion);
      expect(past.items.map((o) => [o.metadata.name, o.spec])).toEqual([['a', { replicas: 1 }]]);
      const notOlder = await widgets.list({ resourceVersion: a.metadata.resourceVersion });
      expect(notOlder.items).toHaveLength(2);
      expect(await storageErrorCode(widgets.list({ resourceVersion: '999999' }))).toBe('Timeout');
      expect(await storageErrorCode(widgets.list({ resourceVersion: 'abc' }))).toBe('InvalidObject');
    });

    it('starts a watch with synthetic ADDED events, then live events in order', async () => {
      const { widgets } = await open();
      await widgets.create(widget('a'));
      await widgets.create(widget('b'));
      const controller = new AbortController();
      const watcher = await widgets.watch({ signal: controller.signal });
      const it = watcher[Symbol.asyncIterator]();
      expect(summary(await take(it, 2))).toEqual(['ADDED a', 'ADDED b']);
      const c = await widgets.create(widget('c'));
      await widgets.update('default', 'a', (cur) => ({ ...cur!, spec: { replicas: 4 } }));
      const deleted = await widgets.delete('default', 'b');
      const live = await take(it, 3);
      expect(summary(live)).toEqual(['ADDED c', 'MODIFIED a', 'DELETED b']);
      expect(live[0]!.object.metadata.resourceVersion).toBe(c.metadata.resourceVersion);
      expect(live[2]!.object.metadata.resourceVersion).toBe(deleted.object.metadata.resourceVersion);
      controller.abort();
      expect(await it.next()).toEqual({ done: true, value: undefined });
      expect(watcher.endReason).toBe('aborted');
    });

    it('resumes a watch after a resourceVersion without replaying older state', async () => {
      const { widgets } = await open();
      const a = await widgets.create(widget('a'));
      await widgets.create(widget('b'));
      await widgets.delete('default', 'a');
      const watcher = await widgets.watch({
        resourceVersion: a.metadata.resourceVersion,
        signal: AbortSignal.timeout(20_000),
      });
      const it = watcher[Symbol.asyncIterator]();
      expect(summary(await take(it, 2))).toEqual(['ADDED b', 'DELETED a']);
      await widgets.create(widget('c'));
      expect(summary(await take(it, 1))).toEqual(['ADDED c']);
    });

    it('answers Compacted for a watch older than the history', async () => {
      const { widgets } = await open({ historyLimit: 3 });
      const a = await widgets.create(widget('a'));
      for (let i = 0; i < 5; i++)
        await widgets.update('default', 'a', (cur) => ({ ...cur!, spec: { replicas: i + 2 } }));
      const signal = AbortSignal.timeout(20_000);
      expect(
        await storageErrorCode(widgets.watch({ resourceVersion: a.metadata.resourceVersion, signal })),
      ).toBe('Compacted');
    });

    it('turns selector transitions into DELETED and ADDED and filters by namespace', async () => {
      const { widgets } = await open();
      const controller = new AbortController();
      const watcher = await widgets.watch({
        namespace: 'ns1',
        predicate: appIs('a'),
        signal: controller.signal,
      });
      const it = watcher[Symbol.asyncIterator]();
      await widgets.create(widget('x', { namespace: 'ns2', labels: { app: 'a' } }));
      await widgets.create(widget('w', { namespace: 'ns1', labels: { app: 'a' } }));
      const relabel = (app: string) => (cur: KubeObject | undefined) => ({
        ...cur!,
        metadata: { ...cur!.metadata, labels: { app } },
      });
      const relabelled = await widgets.update('ns1', 'w', relabel('b'));
      await widgets.update('ns1', 'w', (cur) => ({ ...cur!, spec: { replicas: 3 } }));
      await widgets.update('ns1', 'w', relabel('a'));
      const events = await take(it, 3);
      expect(summary(events)).toEqual(['ADDED w', 'DELETED w', 'ADDED w']);
      // Leaving the selection: DELETED carries the object as it last matched, at the update's
      // resourceVersion (upstream cache_watcher.go convertToWatchEvent).
      expect(events[1]!.object.metadata.labels).toEqual({ app: 'a' });
      expect(events[1]!.object.metadata.resourceVersion).toBe(relabelled.object.metadata.resourceVersion);
      controller.abort();
      // A watch resumed from before the relabel replays the same DELETED from history.
      const resumed = new AbortController();
      const replayed = await widgets.watch({
        namespace: 'ns1',
        predicate: appIs('a'),
        resourceVersion: events[0]!.object.metadata.resourceVersion,
        signal: resumed.signal,
      });
      const again = await take(replayed[Symbol.asyncIterator](), 2);
      expect(summary(again)).toEqual(['DELETED w', 'ADDED w']);
      expect(again[0]!.object.metadata.labels).toEqual({ app: 'a' });
      expect(again[0]!.object.metadata.resourceVersion).toBe(relabelled.object.metadata.resourceVersion);
      resumed.abort();
    });

    it('sends BOOKMARK events only to watchers that allow them', async () => {
      const { widgets, storage } = await open({ bookmarkIntervalMs: 10 });
      await widgets.create(widget('a'));
      const signal = AbortSignal.timeout(20_000);
      const withMarks = (
        await widgets.watch({
          resourceVersion: storage.currentResourceVersion(),
          allowBookmarks: true,
          signal,
        })
      )[Symbol.asyncIterator]();
      const without = (await widgets.watch({ resourceVersion: storage.currentResourceVersion(), signal }))[
        Symbol.asyncIterator
      ]();
      const [bookmark] = await take(withMarks, 1);
      expect(bookmark).toEqual({
        type: 'BOOKMARK',
        object: {
          apiVersion: 'test.hs.io/v1',
          kind: 'Widget',
          metadata: { resourceVersion: storage.currentResourceVersion() },
        },
      });
      await widgets.create(widget('b'));
      expect(summary(await take(without, 1))).toEqual(['ADDED b']);
    });

    it('marks the end of initial events with an annotated BOOKMARK', async () => {
      const { widgets, storage } = await open();
      await widgets.create(widget('a'));
      await widgets.create(widget('b'));
      const watcher = await widgets.watch({
        sendInitialEvents: true,
        allowBookmarks: true,
        signal: AbortSignal.timeout(20_000),
      });
      const events = await take(watcher[Symbol.asyncIterator](), 3);
      expect(summary(events)).toEqual(['ADDED a', 'ADDED b', 'BOOKMARK']);
      expect(events[2]!.object.metadata).toEqual({
        resourceVersion: storage.currentResourceVersion(),
        annotations: { 'k8s.io/initial-events-end': 'true' },
      });
    });

    it('fans every event out to many watchers, each with its own filter, in order', async () => {
      const { widgets, storage } = await open();
      const rv = storage.currentResourceVersion();
      const signal = AbortSignal.timeout(20_000);
      const watchers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          widgets.watch({ namespace: `ns${i % 4}`, resourceVersion: rv, signal }),
        ),
      );
      const written: string[][] = [[], [], [], []];
      for (let i = 0; i < 20; i++) {
        const obj = await widgets.create(widget(`o${i}`, { namespace: `ns${i % 4}` }));
        written[i % 4]!.push(`ADDED o${i}@${obj.metadata.resourceVersion}`);
      }
      const streams = await Promise.all(watchers.map((w) => take(w[Symbol.asyncIterator](), 5)));
      streams.forEach((events, i) => {
        expect(
          events.map((e) => `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`),
        ).toEqual(written[i % 4]);
      });
      expect(new Set(streams.map((events) => events[0]!.object)).size).toBe(4);
    });

    it('drops a watcher that falls behind without blocking writers or other watchers', async () => {
      const { widgets } = await open({ watcherQueueLimit: 5 });
      const signal = AbortSignal.timeout(20_000);
      const slow = await widgets.watch({ resourceVersion: '0', signal });
      const fast = await widgets.watch({ resourceVersion: '0', signal });
      const fastIt = fast[Symbol.asyncIterator]();
      const received: string[] = [];
      for (let i = 0; i < 12; i++) {
        await widgets.create(widget(`o${i}`));
        received.push(...summary(await take(fastIt, 1)));
      }
      expect(received).toHaveLength(12);
      expect(slow.endReason).toBe('slow');
      expect(await drain(slow)).toEqual([]);
      expect(fast.endReason).toBeUndefined();
    });

    it('ends a watch with an ERROR event when a stored value cannot be decoded', async () => {
      const { widgets, driver, storage } = await open();
      await widgets.create(widget('good'));
      const before = storage.currentResourceVersion();
      const signal = AbortSignal.timeout(20_000);
      const watcher = await widgets.watch({ resourceVersion: before, signal });
      await driver.create('widgets/default/bad', () => 'metadata: [unbalanced');
      const events = await drain(watcher);
      expect(events).toHaveLength(1);
      expect(events[0]!.type).toBe('ERROR');
      expect(events[0]!.object).toMatchObject({ kind: 'Status', code: 500, reason: 'InternalError' });
      expect(watcher.endReason).toBe('closed');
      // Resuming across the bad value is impossible: 410 makes the client relist.
      expect(await storageErrorCode(widgets.watch({ resourceVersion: before, signal }))).toBe('Compacted');
    });

    it('ends every watcher when the storage closes', async () => {
      const { widgets, storage } = await open();
      const watcher = await widgets.watch({ signal: AbortSignal.timeout(20_000) });
      const ended = drain(watcher);
      await storage.close();
      expect(await ended).toEqual([]);
      expect(watcher.endReason).toBe('closed');
    });
  });
}
