import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { restampResourceVersion } from '../../store/restamp.js';
import { objectValue } from '../../testing/helpers.js';
import { createFileDriver } from './file-driver.js';

const packageDir = fileURLToPath(new URL('../../..', import.meta.url));
const writerScript = fileURLToPath(new URL('../../testing/crash-writer.ts', import.meta.url));

interface Ack {
  revision: number;
  seq: number;
}

/** Runs the writer child, SIGKILLs it after `acks` acknowledged writes, returns the last ack per key. */
async function runAndKill(rootDir: string, acks: number): Promise<Map<string, Ack>> {
  const child = spawn(
    process.execPath,
    ['--conditions=@hs/source', '--import', 'tsx', writerScript, rootDir],
    {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const last = new Map<string, Ack>();
  let count = 0;
  let buffer = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const [tag, key, revision, seq] = line.split(' ');
      if (tag !== 'ACK' || !key) continue;
      last.set(key, { revision: Number(revision), seq: Number(seq) });
      if (++count === acks) child.kill('SIGKILL');
    }
  });
  expect(await exited).toBe('SIGKILL');
  return last;
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('file driver crash safety', () => {
  let root: string;
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across a SIGKILL in the middle of concurrent writes', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hs-crash-'));
    const acked = await runAndKill(root, 600);
    expect(acked.size).toBeGreaterThan(32);
    const driver = createFileDriver({ rootDir: root, restamp: restampResourceVersion });
    await driver.start();
    try {
      const { kvs } = await driver.list('');
      const byKey = new Map(kvs.map((kv) => [kv.key, kv]));
      const maxAcked = Math.max(...[...acked.values()].map((a) => a.revision));
      for (const [key, ack] of acked) {
        const kv = byKey.get(key);
        expect(kv, key).toBeDefined();
        const seq = Number(/payload: "(\d+)"/.exec(kv!.value)?.[1]);
        // The acknowledged value, or a later write to the same key that landed without its ack.
        expect(seq, key).toBeGreaterThanOrEqual(ack.seq);
        if (seq === ack.seq) {
          expect(kv!.revision, key).toBe(ack.revision);
          expect(kv!.value).toBe(objectValue(key, ack.revision, String(ack.seq)));
        } else {
          expect(kv!.revision, key).toBeGreaterThan(ack.revision);
        }
      }
      for (const kv of kvs) expect(kv.key).toMatch(/^configmaps\/ns\d\/w\d+-\d$/);
      expect((await allFiles(root)).filter((name) => name.includes('.tmp-'))).toEqual([]);
      const next = await driver.create('configmaps/after/restart', (rev) => objectValue('restart', rev));
      expect(next.revision).toBeGreaterThan(Math.max(maxAcked, ...kvs.map((kv) => kv.revision)));
      expect(driver.currentRevision()).toBe(next.revision);
    } finally {
      await driver.close();
    }
  });
});
