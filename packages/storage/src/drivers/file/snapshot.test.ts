/**
 * The start-up snapshot (disk-snapshot.mjs): a clean close records every object file with its stat,
 * and the next start takes a file's content from it while the file keeps that stat, so a restart
 * does not read every file. Shown through what a restarted driver serves: a file rewritten with the
 * same size and mtime is the snapshot's blind spot (the same one the periodic sweep has), any other
 * edit while stopped is read and adopted, and a torn or foreign snapshot is ignored.
 */
import { mkdtemp, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageDriver } from '../../driver.js';
import { restampResourceVersion } from '../../store/restamp.js';
import { objectValue } from '../../testing/helpers.js';
import { createFileDriver } from './file-driver.js';

const open = async (rootDir: string) => {
  const driver = createFileDriver({ rootDir, restamp: restampResourceVersion, rescanIntervalMs: 0 });
  await driver.start();
  return driver;
};

describe('file driver: start-up snapshot', () => {
  let root: string;
  let driver: StorageDriver | undefined;
  const file = (name: string) => path.join(root, 'configmaps', 'ns', `${name}.yaml`);
  const snapshotFile = () => path.join(root, '.state', 'snapshot');

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hs-file-snapshot-'));
  });
  afterEach(async () => {
    await driver?.close();
    await rm(root, { recursive: true, force: true });
  });

  const WHOLE_SECOND = new Date('2026-01-02T03:04:05Z');

  /**
   * While stopped: gives a file a whole-second mtime (which utimes can restore exactly), then runs
   * the driver once so the snapshot records the file at that stat.
   */
  async function pinMtime(name: string): Promise<void> {
    await utimes(file(name), WHOLE_SECOND, WHOLE_SECOND);
    driver = await open(root);
    await driver.close();
  }

  /** While stopped: replaces a file's content by one of the same length and puts its mtime back. */
  async function sameStatRewrite(name: string, from: string, to: string): Promise<void> {
    const text = await readFile(file(name), 'utf8');
    expect(to).toHaveLength(from.length);
    await writeFile(file(name), text.replace(from, to));
    await utimes(file(name), WHOLE_SECOND, WHOLE_SECOND);
  }

  it('takes unchanged files from the snapshot written at close and reads every file that moved', async () => {
    driver = await open(root);
    const a = await driver.create('configmaps/ns/a', (rev) => objectValue('a', rev, 'alpha'));
    await driver.create('configmaps/ns/b', (rev) => objectValue('b', rev, 'bravo'));
    await driver.close();
    expect((await stat(snapshotFile())).size).toBeGreaterThan(0);
    await pinMtime('a');

    // While stopped: a is rewritten with its size and mtime kept; b is edited as editors do.
    await sameStatRewrite('a', 'alpha', 'ALPHA');
    await writeFile(file('b'), (await readFile(file('b'), 'utf8')).replace('bravo', 'bravo-edited'));
    driver = await open(root);
    // a comes from the snapshot (its file was not read); b was read and adopted at a new revision.
    expect((await driver.get('configmaps/ns/a'))?.value).toBe(a.value);
    expect(await readFile(file('a'), 'utf8')).toContain('ALPHA');
    const b = await driver.get('configmaps/ns/b');
    expect(b?.value).toContain('bravo-edited');
    expect(b!.revision).toBeGreaterThan(a.revision);
  });

  it('ignores a torn snapshot and one written for other files, reading every file instead', async () => {
    driver = await open(root);
    await driver.create('configmaps/ns/a', (rev) => objectValue('a', rev, 'alpha'));
    await driver.close();
    await pinMtime('a');
    await sameStatRewrite('a', 'alpha', 'ALPHA');
    const size = (await stat(snapshotFile())).size;
    await truncate(snapshotFile(), size - 3);
    driver = await open(root);
    expect((await driver.get('configmaps/ns/a'))?.value).toContain('ALPHA');
    await driver.close();

    await writeFile(snapshotFile(), 'not a snapshot\n');
    driver = await open(root);
    expect((await driver.get('configmaps/ns/a'))?.value).toContain('ALPHA');
  });

  it('never records a file the driver has not seen at its current stat', async () => {
    driver = await open(root);
    await driver.create('configmaps/ns/a', (rev) => objectValue('a', rev, 'alpha'));
    // Edited by hand just before the close, so the driver may not have adopted it yet: the close's
    // snapshot must not hold the old content under the new stat.
    await writeFile(file('a'), (await readFile(file('a'), 'utf8')).replace('alpha', 'gamma'));
    await driver.close();
    driver = await open(root);
    expect((await driver.get('configmaps/ns/a'))?.value).toContain('gamma');
  });
});
