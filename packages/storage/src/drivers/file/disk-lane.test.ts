import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskLane, type FileChange, type OwnWrites } from './disk-lane.js';
import { readJournal } from './journal.js';

let root: string;
let stateDir: string;
let lane: DiskLane;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'hs-disk-lane-'));
  stateDir = path.join(root, '.state');
  await mkdir(stateDir);
  lane = new DiskLane(stateDir);
  await lane.start();
});

afterEach(async () => {
  await lane.close();
  await rm(root, { recursive: true, force: true });
});

/** Records which files the lane announced and withdrew. */
function ownWrites(): OwnWrites & { expected: string[]; withdrawn: string[] } {
  const expected: string[] = [];
  const withdrawn: string[] = [];
  return {
    expected,
    withdrawn,
    expect: (file) => {
      expected.push(path.relative(root, file));
      return true;
    },
    unexpect: (file) => void withdrawn.push(path.relative(root, file)),
  };
}

const put = (relative: string, value: string, r: number): FileChange => ({
  file: path.join(root, relative),
  value,
  record: { k: relative.replace(/\.yaml$/, ''), r, c: r, h: `h${r}` },
});

describe('DiskLane', () => {
  it('writes a batch into new directories, journals it, and leaves no temp files', async () => {
    const own = ownWrites();
    const failed = await lane.commit(
      [put('configmaps/a/one.yaml', 'one: 1\n', 1), put('configmaps/b/two.yaml', 'two: 2\n', 2)],
      [{ k: 'configmaps/a/gone', r: 3, d: 1 }],
      own,
    );
    expect(failed.size).toBe(0);
    expect(await readFile(path.join(root, 'configmaps/a/one.yaml'), 'utf8')).toBe('one: 1\n');
    expect(await readFile(path.join(root, 'configmaps/b/two.yaml'), 'utf8')).toBe('two: 2\n');
    expect(await readdir(path.join(root, 'configmaps/a'))).toEqual(['one.yaml']);
    const journal = await readJournal(stateDir);
    expect(journal.head).toBe(3);
    expect([...journal.entries.keys()]).toEqual(['configmaps/a/one', 'configmaps/b/two']);
    expect(own.expected).toEqual(['configmaps/a/one.yaml', 'configmaps/b/two.yaml']);
    expect(own.withdrawn).toEqual([]);
    expect(lane.appended).toBe(3);
  });

  it('fails only the change that cannot be written: it is not journaled and its notification is withdrawn', async () => {
    // A directory where the object file should be: the rename over it fails.
    await mkdir(path.join(root, 'configmaps/x/blocked.yaml'), { recursive: true });
    const own = ownWrites();
    const blocked = put('configmaps/x/blocked.yaml', 'b: 1\n', 1);
    const fine = put('configmaps/x/fine.yaml', 'f: 1\n', 2);
    const failed = await lane.commit([blocked, fine], [], own);
    expect([...failed.keys()]).toEqual([blocked]);
    expect(failed.get(blocked)?.message).toMatch(/EISDIR|ENOTEMPTY|EEXIST/);
    expect((failed.get(blocked) as NodeJS.ErrnoException).code).toMatch(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(await readFile(path.join(root, 'configmaps/x/fine.yaml'), 'utf8')).toBe('f: 1\n');
    expect((await readdir(path.join(root, 'configmaps/x'))).sort()).toEqual(['blocked.yaml', 'fine.yaml']);
    expect([...(await readJournal(stateDir)).entries.keys()]).toEqual(['configmaps/x/fine']);
    expect(own.withdrawn).toEqual(['configmaps/x/blocked.yaml']);
  });

  it('journals the delete of a file that is already gone and withdraws its notification', async () => {
    await lane.commit([put('configmaps/a/one.yaml', 'one: 1\n', 1)]);
    await rm(path.join(root, 'configmaps/a'), { recursive: true });
    const own = ownWrites();
    const failed = await lane.commit(
      [
        {
          file: path.join(root, 'configmaps/a/one.yaml'),
          value: undefined,
          record: { k: 'configmaps/a/one', r: 2, d: 1 },
        },
      ],
      [],
      own,
    );
    expect(failed.size).toBe(0);
    expect(own.withdrawn).toEqual(['configmaps/a/one.yaml']);
    const journal = await readJournal(stateDir);
    expect(journal.head).toBe(2);
    expect(journal.entries.size).toBe(0);
  });

  it('recreates a directory removed by hand since it was last written', async () => {
    await lane.commit([put('configmaps/a/one.yaml', 'one: 1\n', 1)]);
    await rm(path.join(root, 'configmaps'), { recursive: true });
    const failed = await lane.commit([put('configmaps/a/two.yaml', 'two: 2\n', 2)]);
    expect(failed.size).toBe(0);
    expect(await readFile(path.join(root, 'configmaps/a/two.yaml'), 'utf8')).toBe('two: 2\n');
  });

  it('compacts the journal to the given state and keeps appending after it', async () => {
    await lane.commit([
      put('configmaps/a/one.yaml', 'one: 1\n', 1),
      put('configmaps/a/two.yaml', 'two\n', 2),
    ]);
    await lane.compact({
      head: 7,
      entries: new Map([['configmaps/a/one', { revision: 1, createRevision: 1, hash: 'h1' }]]),
    });
    expect(lane.appended).toBe(0);
    await lane.commit([put('configmaps/a/three.yaml', 'three\n', 8)]);
    const text = await readFile(path.join(stateDir, 'journal'), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(3);
    const journal = await readJournal(stateDir);
    expect(journal.head).toBe(8);
    expect([...journal.entries.keys()]).toEqual(['configmaps/a/one', 'configmaps/a/three']);
    expect(await readdir(stateDir)).toEqual(['journal']);
  });

  it('refuses to start with a readable error when the journal cannot be opened, and keeps no thread', async () => {
    const blocked = path.join(root, 'blocked-state');
    await writeFile(blocked, 'not a directory');
    const broken = new DiskLane(blocked);
    await expect(broken.start()).rejects.toThrow(/ENOTDIR/);
    await expect(broken.commit([put('configmaps/a/x.yaml', 'x\n', 1)])).rejects.toThrow(/ENOTDIR/);
    await broken.close();
  });
});
