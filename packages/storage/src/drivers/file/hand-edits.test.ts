import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageDriver } from '../../driver.js';
import { restampResourceVersion } from '../../store/restamp.js';
import { collect, eventually, objectValue } from '../../testing/helpers.js';
import { createFileDriver } from './file-driver.js';

const open = (rootDir: string) =>
  createFileDriver({ rootDir, restamp: restampResourceVersion, debounceMs: 10, journalCompactAfter: 8 });

describe('file driver: layout, hand edits and recovery', () => {
  let root: string;
  let driver: StorageDriver;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hs-file-edits-'));
    driver = open(root);
    await driver.start();
  });
  afterEach(async () => {
    await driver.close();
    await rm(root, { recursive: true, force: true });
  });

  it('stores one YAML file per object, keeping namespaces, with no temp files left', async () => {
    const a = await driver.create('configmaps/ns1/a', (rev) => objectValue('a', rev));
    await driver.create('configmaps/ns2/a', (rev) => objectValue('a', rev, 'other'));
    await driver.create('ingressclasses/higress', (rev) => objectValue('higress', rev));
    expect(await readFile(path.join(root, 'configmaps/ns1/a.yaml'), 'utf8')).toBe(a.value);
    expect(await readFile(path.join(root, 'configmaps/ns2/a.yaml'), 'utf8')).toContain('other');
    expect(await readdir(path.join(root, 'ingressclasses'))).toEqual(['higress.yaml']);
    expect((await readdir(path.join(root, 'configmaps/ns1'))).sort()).toEqual(['a.yaml']);
    await driver.delete('configmaps/ns1/a');
    expect(await readdir(path.join(root, 'configmaps/ns1'))).toEqual([]);
  });

  it('rejects keys whose segments start with a dot', async () => {
    await expect(
      driver.create('configmaps/ns/.hidden', (rev) => objectValue('x', rev)),
    ).rejects.toMatchObject({
      code: 'InvalidObject',
    });
  });

  it('adopts files created, edited (via rename) and deleted by hand as events with fresh revisions', async () => {
    const ours = await driver.create('configmaps/ns/ours', (rev) => objectValue('ours', rev));
    const sub = collect(driver, ours.revision);
    // 1. an editor creates a new file (in a new namespace directory)
    await mkdir(path.join(root, 'configmaps/fresh'), { recursive: true });
    await writeFile(path.join(root, 'configmaps/fresh/hand.yaml'), objectValue('hand', 0, 'typed'));
    await eventually(() => sub.events.length >= 1, 'the hand-made file');
    const created = sub.events[0]!;
    expect(created.type).toBe('create');
    expect(created.kv.key).toBe('configmaps/fresh/hand');
    expect(created.revision).toBeGreaterThan(ours.revision);
    expect(created.kv.value).toContain(`resourceVersion: "${created.revision}"`);
    await eventually(
      () => sub.events.length === 1 && driver.currentRevision() === created.revision,
      'the restamp to settle',
    );
    expect(await readFile(path.join(root, 'configmaps/fresh/hand.yaml'), 'utf8')).toBe(created.kv.value);
    // 2. an editor saves our file by writing a swap file and renaming it over the original
    const swap = path.join(root, 'configmaps/ns/.ours.yaml.swp');
    await writeFile(swap, objectValue('ours', ours.revision, 'edited'));
    await rename(swap, path.join(root, 'configmaps/ns/ours.yaml'));
    await eventually(() => sub.events.length >= 2, 'the edit');
    expect(sub.events[1]).toMatchObject({ type: 'update', prev: ours });
    expect(sub.events[1]!.kv.value).toContain('edited');
    expect((await driver.get('configmaps/ns/ours'))?.revision).toBe(sub.events[1]!.revision);
    // 3. a file is deleted by hand
    await unlink(path.join(root, 'configmaps/fresh/hand.yaml'));
    await eventually(() => sub.events.length >= 3, 'the deletion');
    expect(sub.events[2]).toMatchObject({ type: 'delete', kv: { key: 'configmaps/fresh/hand' } });
    expect(await driver.get('configmaps/fresh/hand')).toBeUndefined();
    sub.unsubscribe();
    const revisions = sub.events.map((e) => e.revision);
    expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
  });

  it('does not echo its own writes as events', async () => {
    const sub = collect(driver, driver.currentRevision());
    await driver.create('configmaps/ns/a', (rev) => objectValue('a', rev));
    await driver.create('configmaps/ns/b', (rev) => objectValue('b', rev));
    await writeFile(path.join(root, 'configmaps/ns/marker.yaml'), objectValue('marker', 0));
    await eventually(() => sub.events.some((e) => e.kv.key === 'configmaps/ns/marker'), 'the marker');
    sub.unsubscribe();
    expect(sub.events.map((e) => `${e.type} ${e.kv.key}`)).toEqual([
      'create configmaps/ns/a',
      'create configmaps/ns/b',
      'create configmaps/ns/marker',
    ]);
  });

  it('reports the objects of a namespace directory removed by hand as deleted', async () => {
    await driver.create('configmaps/gone/a', (rev) => objectValue('a', rev));
    await driver.create('configmaps/gone/b', (rev) => objectValue('b', rev));
    const kept = await driver.create('configmaps/kept/c', (rev) => objectValue('c', rev));
    const sub = collect(driver, driver.currentRevision());
    await rm(path.join(root, 'configmaps/gone'), { recursive: true });
    await eventually(() => sub.events.length >= 2, 'two deletions');
    sub.unsubscribe();
    // Both deletions, in either order: `rm -r` unlinks in directory order, and a busy machine may
    // deliver its notifications in two debounce batches (each batch is applied in key order).
    expect(sub.events.map((e) => `${e.type} ${e.kv.key}`).sort()).toEqual([
      'delete configmaps/gone/a',
      'delete configmaps/gone/b',
    ]);
    expect((await driver.list('')).kvs).toEqual([kept]);
    const again = await driver.create('configmaps/gone/a', (rev) => objectValue('a', rev, 'again'));
    expect(await readFile(path.join(root, 'configmaps/gone/a.yaml'), 'utf8')).toBe(again.value);
  });

  it('reconciles edits made while stopped and ignores crash leftovers and a torn journal line', async () => {
    const keep = await driver.create('configmaps/ns/keep', (rev) => objectValue('keep', rev));
    const edit = await driver.create('configmaps/ns/edit', (rev) => objectValue('edit', rev));
    await driver.create('configmaps/ns/gone', (rev) => objectValue('gone', rev));
    const head = driver.currentRevision();
    await driver.close();
    await writeFile(
      path.join(root, 'configmaps/ns/edit.yaml'),
      objectValue('edit', edit.revision, 'offline'),
    );
    await unlink(path.join(root, 'configmaps/ns/gone.yaml'));
    await writeFile(path.join(root, 'configmaps/ns/new.yaml'), objectValue('new', 0));
    await writeFile(path.join(root, 'configmaps/ns/.keep.yaml.tmp-0123456789ab'), 'half-written');
    await appendFile(path.join(root, '.state/journal'), '{"k":"configmaps/ns/keep","r":99');
    driver = open(root);
    await driver.start();
    const { kvs } = await driver.list('');
    expect(kvs.map((kv) => kv.key)).toEqual([
      'configmaps/ns/edit',
      'configmaps/ns/keep',
      'configmaps/ns/new',
    ]);
    expect(kvs[1]).toEqual(keep);
    expect(kvs[0]!.revision).toBeGreaterThan(head);
    expect(kvs[0]!.createRevision).toBe(edit.createRevision);
    expect(kvs[0]!.value).toContain('offline');
    expect(kvs[0]!.value).toContain(`resourceVersion: "${kvs[0]!.revision}"`);
    expect(kvs[2]!.revision).toBeGreaterThan(head);
    expect(await readdir(path.join(root, 'configmaps/ns'))).not.toContain('.keep.yaml.tmp-0123456789ab');
    const next = await driver.create('configmaps/ns/after', (rev) => objectValue('after', rev));
    expect(next.revision).toBeGreaterThan(Math.max(...kvs.map((kv) => kv.revision)));
  });

  it('compacts its journal at run time and restarts from the compacted journal', async () => {
    let kv = await driver.create('configmaps/ns/hot', (rev) => objectValue('hot', rev));
    for (let i = 0; i < 30; i++) {
      kv = await driver.update(kv.key, kv.revision, (rev) => objectValue('hot', rev, String(i)));
    }
    const lines = (await readFile(path.join(root, '.state/journal'), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    await driver.close();
    driver = open(root);
    await driver.start();
    expect(await driver.get(kv.key)).toEqual(kv);
    expect(driver.currentRevision()).toBe(kv.revision);
  });
});
