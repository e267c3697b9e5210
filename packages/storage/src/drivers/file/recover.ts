import type { KeyValue, Restamp } from '../../driver.js';
import type { DiskLane, FileChange } from './disk-lane.js';
import type { JournalState } from './journal.js';
import { contentHash, keyToPath } from './paths.js';

export interface RecoveredState {
  head: number;
  kvs: Map<string, KeyValue>;
  hashes: Map<string, string>;
}

/**
 * Reconciles the journal with the files actually present, so that the files are the truth:
 * - a file whose hash matches its journal entry keeps its revision;
 * - a file that is new or differs (edited while we were down, or renamed into place by a write that
 *   crashed before its journal append, hence never acknowledged) gets a fresh revision and is
 *   restamped;
 * - a journal entry without a file was deleted; the head still moves past it.
 * Acknowledged writes were journaled after their rename, so they are never lost or rolled back.
 */
export async function recover(
  disk: DiskLane,
  root: string,
  journal: JournalState,
  files: Map<string, { content: string; hash: string }>,
  restamp: Restamp,
): Promise<RecoveredState> {
  let head = journal.head;
  const kvs = new Map<string, KeyValue>();
  const hashes = new Map<string, string>();
  const rewrites: FileChange[] = [];
  for (const key of journal.entries.keys()) if (!files.has(key)) head++;
  for (const key of [...files.keys()].sort()) {
    const { content, hash } = files.get(key)!;
    const known = journal.entries.get(key);
    if (known && known.hash === hash) {
      kvs.set(key, { key, value: content, revision: known.revision, createRevision: known.createRevision });
      hashes.set(key, hash);
      continue;
    }
    const revision = ++head;
    const value = restamp(content, revision);
    if (value !== content) rewrites.push({ file: keyToPath(root, key), value });
    kvs.set(key, { key, value, revision, createRevision: known?.createRevision ?? revision });
    hashes.set(key, contentHash(value));
  }
  const failed = await disk.commit(rewrites);
  for (const err of failed.values()) throw err;
  return { head, kvs, hashes };
}
