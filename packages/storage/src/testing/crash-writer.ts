/**
 * Child process of the file driver crash test: 32 concurrent writers create and update keys and
 * print one `ACK <key> <revision> <seq>` line per acknowledged write, until the parent kills it.
 * Usage: node --import tsx --conditions=@hs/source crash-writer.ts <rootDir>
 */
import { createFileDriver } from '../drivers/file/file-driver.js';
import { restampResourceVersion } from '../store/restamp.js';
import { objectValue } from './helpers.js';

const rootDir = process.argv[2];
if (!rootDir) throw new Error('usage: crash-writer <rootDir>');
const driver = createFileDriver({ rootDir, restamp: restampResourceVersion });
await driver.start();
process.stdout.write('READY\n');

async function worker(w: number): Promise<void> {
  const revisions = new Map<string, number>();
  for (let seq = 0; ; seq++) {
    const key = `configmaps/ns${w % 4}/w${w}-${seq % 8}`;
    const previous = revisions.get(key);
    const encode = (rev: number) => objectValue(key, rev, String(seq));
    const kv =
      previous === undefined ? await driver.create(key, encode) : await driver.update(key, previous, encode);
    revisions.set(key, kv.revision);
    process.stdout.write(`ACK ${key} ${kv.revision} ${seq}\n`);
  }
}

await Promise.all(Array.from({ length: 32 }, (_, w) => worker(w)));
