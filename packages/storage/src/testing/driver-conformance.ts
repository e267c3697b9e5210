import { isStorageError } from '@hs/apimachinery';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DriverEvent, StorageDriver } from '../driver.js';
import { collect, type DriverFixture, eventually, type MakeDriver, objectValue } from './helpers.js';

export interface DriverConformanceOptions {
  /**
   * A number of writes after which the driver no longer retains revision 1 for `subscribe`
   * (its history limit). When given, the `Compacted` case runs.
   */
  compactAfter?: number;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStorageError(err), `expected StorageError ${code}, got ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
}

/**
 * The driver contract of driver.ts as table tests, in the spirit of k8s.io/apiserver
 * pkg/storage/testing/store_tests.go (RunTestCreate, RunTestGuaranteedUpdate, …): every driver
 * (memory, file, nacos) runs the same cases.
 */
export function runDriverConformance(
  name: string,
  makeDriver: MakeDriver,
  options: DriverConformanceOptions = {},
) {
  describe(`driver conformance: ${name}`, () => {
    let fixture: DriverFixture;
    let driver: StorageDriver;

    beforeEach(async () => {
      fixture = await makeDriver();
      driver = fixture.driver;
      await driver.start();
    });
    afterEach(async () => {
      await driver.close();
      await fixture.cleanup();
    });

    it('creates a key at the next revision, embedding that revision in the value', async () => {
      const before = driver.currentRevision();
      const kv = await driver.create('configmaps/default/a', (rev) =>
        objectValue('configmaps/default/a', rev),
      );
      expect(kv.revision).toBeGreaterThan(before);
      expect(kv.createRevision).toBe(kv.revision);
      expect(kv.value).toBe(objectValue('configmaps/default/a', kv.revision));
      expect(driver.currentRevision()).toBe(kv.revision);
      expect(await driver.get('configmaps/default/a')).toEqual(kv);
      expect(await driver.get('configmaps/default/missing')).toBeUndefined();
    });

    it('refuses to create an existing key with KeyExists and leaves it untouched', async () => {
      const kv = await driver.create('configmaps/default/a', (rev) =>
        objectValue('configmaps/default/a', rev),
      );
      await expectCode(
        driver.create('configmaps/default/a', (rev) => objectValue('x', rev, 'other')),
        'KeyExists',
      );
      expect(await driver.get('configmaps/default/a')).toEqual(kv);
      expect(driver.currentRevision()).toBe(kv.revision);
    });

    it.each([
      ['a cluster-scoped key', 'ingressclasses/higress'],
      ['a name with dots and dashes', 'configmaps/higress-system/higress.config-1'],
      ['a path-segment name with a colon', 'clusterroles/system:controller'],
    ])('round-trips %s exactly', async (_what, key) => {
      const kv = await driver.create(key, (rev) => objectValue(key, rev));
      expect((await driver.get(key))?.key).toBe(key);
      expect((await driver.list('')).kvs.map((k) => k.key)).toEqual([key]);
      expect(kv.key).toBe(key);
    });

    it.each([
      ['a parent segment', 'configmaps/../etc'],
      ['an absolute key', '/configmaps/a'],
      ['an empty segment', 'configmaps//a'],
      ['a single segment', 'configmaps'],
      ['too many segments', 'configmaps/a/b/c'],
      ['an empty key', ''],
    ])('rejects %s with InvalidObject', async (_what, key) => {
      await expectCode(
        driver.create(key, (rev) => objectValue('x', rev)),
        'InvalidObject',
      );
      expect((await driver.list('')).kvs).toEqual([]);
    });

    it('updates only at the expected revision (Conflict otherwise) and keeps createRevision', async () => {
      const created = await driver.create('configmaps/default/a', (rev) => objectValue('a', rev));
      const updated = await driver.update('configmaps/default/a', created.revision, (rev) =>
        objectValue('a', rev, 'u1'),
      );
      expect(updated.revision).toBeGreaterThan(created.revision);
      expect(updated.createRevision).toBe(created.revision);
      expect(updated.value).toBe(objectValue('a', updated.revision, 'u1'));
      await expectCode(
        driver.update('configmaps/default/a', created.revision, (rev) => objectValue('a', rev, 'lost')),
        'Conflict',
      );
      expect(await driver.get('configmaps/default/a')).toEqual(updated);
      await expectCode(
        driver.update('configmaps/default/missing', 1, (rev) => objectValue('a', rev)),
        'KeyNotFound',
      );
    });

    it('deletes with and without an expected revision, returning the last value', async () => {
      const a = await driver.create('configmaps/default/a', (rev) => objectValue('a', rev));
      const b = await driver.create('configmaps/default/b', (rev) => objectValue('b', rev));
      await expectCode(driver.delete('configmaps/default/a', a.revision + 100), 'Conflict');
      const deleted = await driver.delete('configmaps/default/a', a.revision);
      expect(deleted.kv).toEqual(a);
      expect(deleted.revision).toBeGreaterThan(b.revision);
      expect(await driver.get('configmaps/default/a')).toBeUndefined();
      const unconditional = await driver.delete('configmaps/default/b');
      expect(unconditional.revision).toBeGreaterThan(deleted.revision);
      await expectCode(driver.delete('configmaps/default/b'), 'KeyNotFound');
      expect(driver.currentRevision()).toBe(unconditional.revision);
    });

    it('lists in key order, by prefix, consistent at the current revision', async () => {
      const keys = ['services/b/x', 'configmaps/z/a', 'configmaps/a/b', 'configmaps/a/a', 'ingressclasses/c'];
      for (const key of keys) await driver.create(key, (rev) => objectValue(key, rev));
      const all = await driver.list('');
      expect(all.kvs.map((kv) => kv.key)).toEqual([...keys].sort());
      expect(all.revision).toBe(driver.currentRevision());
      expect((await driver.list('configmaps/a/')).kvs.map((kv) => kv.key)).toEqual([
        'configmaps/a/a',
        'configmaps/a/b',
      ]);
      expect((await driver.list('configmaps/')).kvs).toHaveLength(3);
      expect((await driver.list('secrets/')).kvs).toEqual([]);
    });

    it('hands out strictly increasing revisions to concurrent writers', async () => {
      const kvs = await Promise.all(
        Array.from({ length: 32 }, (_, i) =>
          driver.create(`configmaps/default/c${i}`, (rev) => objectValue(`c${i}`, rev)),
        ),
      );
      const revisions = kvs.map((kv) => kv.revision).sort((x, y) => x - y);
      expect(new Set(revisions).size).toBe(32);
      expect(driver.currentRevision()).toBe(revisions[31]);
      for (const kv of kvs) expect(kv.value).toBe(objectValue(`c${kvs.indexOf(kv)}`, kv.revision));
    });

    it('delivers every committed event to subscribers in revision order', async () => {
      const sub = collect(driver, driver.currentRevision());
      const a = await driver.create('configmaps/default/a', (rev) => objectValue('a', rev));
      const writes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          driver.create(`configmaps/default/p${i}`, (rev) => objectValue(`p${i}`, rev)),
        ),
      );
      const u = await driver.update('configmaps/default/a', a.revision, (rev) => objectValue('a', rev, 'u'));
      const d = await driver.delete('configmaps/default/a');
      await eventually(() => sub.events.length >= 13, '13 events');
      sub.unsubscribe();
      const revisions = sub.events.map((e) => e.revision);
      expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
      expect(new Set(revisions).size).toBe(revisions.length);
      expect(sub.events[0]).toEqual({ type: 'create', revision: a.revision, kv: a });
      expect(
        sub.events
          .slice(1, 11)
          .map((e) => e.revision)
          .sort(),
      ).toEqual(writes.map((w) => w.revision).sort());
      expect(sub.events[11]).toEqual({ type: 'update', revision: u.revision, kv: u, prev: a });
      expect(sub.events[12]).toEqual({ type: 'delete', revision: d.revision, kv: u });
    });

    it('resumes a subscription after a given revision', async () => {
      const a = await driver.create('configmaps/default/a', (rev) => objectValue('a', rev));
      const b = await driver.create('configmaps/default/b', (rev) => objectValue('b', rev));
      const c = await driver.update('configmaps/default/a', a.revision, (rev) => objectValue('a', rev, 'c'));
      const sub = collect(driver, a.revision);
      await eventually(() => sub.events.length >= 2, 'the backlog');
      const d = await driver.delete('configmaps/default/b');
      await eventually(() => sub.events.length >= 3, 'a live event');
      sub.unsubscribe();
      expect(sub.events.map((e: DriverEvent) => [e.type, e.revision])).toEqual([
        ['create', b.revision],
        ['update', c.revision],
        ['delete', d.revision],
      ]);
      const late = collect(driver, d.revision);
      await driver.create('configmaps/default/e', (rev) => objectValue('e', rev));
      await eventually(() => late.events.length >= 1, 'an event after resubscribing at the head');
      late.unsubscribe();
      expect(late.events.map((e) => e.kv.key)).toEqual(['configmaps/default/e']);
    });

    it('stops delivering after unsubscribe', async () => {
      const sub = collect(driver, driver.currentRevision());
      sub.unsubscribe();
      await driver.create('configmaps/default/a', (rev) => objectValue('a', rev));
      const probe = collect(driver, 0);
      await eventually(() => probe.events.length >= 1, 'the probe subscription');
      probe.unsubscribe();
      expect(sub.events).toEqual([]);
    });

    const compactAfter = options.compactAfter;
    if (compactAfter !== undefined) {
      it('answers Compacted for a subscription older than the retained history', async () => {
        const first = await driver.create('configmaps/default/k', (rev) => objectValue('k', rev));
        let rev = first.revision;
        for (let i = 0; i < compactAfter + 2; i++) {
          rev = (await driver.update('configmaps/default/k', rev, (r) => objectValue('k', r, String(i))))
            .revision;
        }
        expect(() => driver.subscribe(first.revision - 1, () => {})).toThrowError(
          expect.objectContaining({ code: 'Compacted' }),
        );
        const sub = collect(driver, rev - 1);
        await eventually(() => sub.events.length >= 1, 'a recent resume');
        sub.unsubscribe();
      });
    }

    it('keeps values and revisions across a restart (persistent drivers)', async () => {
      const reopen = fixture.reopen;
      const a = await driver.create('configmaps/default/a', (rev) => objectValue('a', rev));
      const b = await driver.create('ingressclasses/b', (rev) => objectValue('b', rev));
      const u = await driver.update('configmaps/default/a', a.revision, (rev) => objectValue('a', rev, 'u'));
      await driver.create('configmaps/default/gone', (rev) => objectValue('gone', rev));
      const gone = await driver.delete('configmaps/default/gone');
      if (!reopen) {
        // A volatile driver: nothing to reopen, but its state must still be intact.
        expect((await driver.list('')).kvs).toEqual([u, b]);
        return;
      }
      await driver.close();
      driver = await reopen();
      await driver.start();
      expect((await driver.list('')).kvs).toEqual([u, b]);
      expect(driver.currentRevision()).toBeGreaterThanOrEqual(gone.revision);
      const next = await driver.create('configmaps/default/c', (rev) => objectValue('c', rev));
      expect(next.revision).toBeGreaterThan(gone.revision);
      const again = await driver.update('configmaps/default/a', u.revision, (rev) =>
        objectValue('a', rev, 'again'),
      );
      expect(again.createRevision).toBe(a.revision);
    });
  });
}
