import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyValue, StorageDriver } from '../../driver.js';
import { restampResourceVersion } from '../../store/restamp.js';
import { collect, eventually, objectValue } from '../../testing/helpers.js';
import { createFileDriver } from './file-driver.js';

describe('file driver: the periodic sweep', () => {
  let root: string;
  let driver: StorageDriver | undefined;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hs-file-sweep-'));
  });
  afterEach(async () => {
    await driver?.close();
    driver = undefined;
    await rm(root, { recursive: true, force: true });
  });

  it('never delays a queued write: a create issued during a sweep completes before the sweep goes on', async () => {
    const order: string[] = [];
    let pendingCreate: Promise<KeyValue> | undefined;
    let slices = 0;
    driver = createFileDriver({
      rootDir: root,
      restamp: restampResourceVersion,
      rescanIntervalMs: 20,
      rescanSliceSize: 10,
      // The sweep only moves on once this resolves: if the sweep held the write queue, the create
      // could never complete and the sweep would stall (the test times out).
      onRescanSlice: async () => {
        slices++;
        if (slices !== 1 || !driver) return;
        order.push('sweep slice 1');
        pendingCreate = driver.create('configmaps/ns/during', (rev) => objectValue('during', rev));
        await pendingCreate;
        order.push('create done');
      },
    });
    await driver.start();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        driver!.create(`configmaps/ns/o${i}`, (rev) => objectValue(`o${i}`, rev)),
      ),
    );
    await eventually(() => slices > 10, 'the sweep to run through its slices');
    expect(order).toEqual(['sweep slice 1', 'create done']);
    expect((await driver.get('configmaps/ns/during'))?.key).toBe('configmaps/ns/during');
  });

  it('adopts an edit whose notification was missed, reading only the changed file', async () => {
    driver = createFileDriver({
      rootDir: root,
      restamp: restampResourceVersion,
      // Notifications arrive, but wait far longer than the sweep: the sweep must find the edit.
      debounceMs: 60_000,
      rescanIntervalMs: 30,
    });
    await driver.start();
    const a = await driver.create('configmaps/ns/a', (rev) => objectValue('a', rev));
    await driver.create('configmaps/ns/b', (rev) => objectValue('b', rev));
    const sub = collect(driver, (await driver.get('configmaps/ns/b'))!.revision);
    await writeFile(path.join(root, 'configmaps/ns/a.yaml'), objectValue('a', a.revision, 'edited'));
    await eventually(() => sub.events.length > 0, 'the edit to be adopted by the sweep');
    expect(sub.events).toHaveLength(1);
    expect(sub.events[0]).toMatchObject({ type: 'update', kv: { key: 'configmaps/ns/a' } });
    expect(sub.events[0]!.kv.value).toContain('edited');
    sub.unsubscribe();
  });
});
