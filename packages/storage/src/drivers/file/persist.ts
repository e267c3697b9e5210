import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, writeFileAtomic } from './atomic-write.js';
import type { Journal, JournalRecord } from './journal.js';

/** One file change of a group commit: `value` undefined deletes the file. */
export interface FileChange {
  file: string;
  value: string | undefined;
  record: JournalRecord;
}

/**
 * Makes a batch of changes durable with shared fsyncs (group commit): every file is written to a
 * temp file, fsynced and renamed (or unlinked) in parallel; then each touched directory is fsynced
 * once and all journal records are appended with one fsync. Only then may the caller acknowledge.
 * Returns the changes whose file step failed (they are not journaled); throws if the shared step
 * fails, in which case nothing may be acknowledged.
 */
export interface OwnWrites {
  /** Called before a file is replaced or removed; false when no notification is expected. */
  expect(file: string): boolean;
  /** Called when that replacement or removal did not happen. */
  unexpect(file: string): void;
}

export async function persistChanges(
  changes: FileChange[],
  journal: Journal,
  knownDirs: Set<string>,
  own: OwnWrites,
): Promise<Map<FileChange, Error>> {
  const dirs = new Set<string>();
  const failed = new Map<FileChange, Error>();
  await Promise.all(
    changes.map(async (change) => {
      const dir = path.dirname(change.file);
      const expected = own.expect(change.file);
      try {
        if (change.value === undefined) {
          const removed = await unlink(change.file).then(() => true, ignoreMissing);
          // Already gone (deleted by hand, maybe with its directory): nothing to make durable.
          if (!removed) {
            if (expected) own.unexpect(change.file);
            return;
          }
        } else {
          await ensureDirectory(dir, knownDirs, dirs);
          await writeFileAtomic(change.file, change.value).catch(async (err: unknown) => {
            // The directory was removed by hand since we created it: create it again, once.
            if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
            knownDirs.delete(dir);
            await ensureDirectory(dir, knownDirs, dirs);
            await writeFileAtomic(change.file, change.value!);
          });
        }
        dirs.add(dir);
      } catch (err) {
        if (expected) own.unexpect(change.file);
        failed.set(change, err instanceof Error ? err : new Error(String(err)));
      }
    }),
  );
  const records = changes.filter((c) => !failed.has(c)).map((c) => c.record);
  await Promise.all([...[...dirs].map(syncDirectory), journal.append(records)]);
  return failed;
}

/** Creates a missing namespace or plural directory; its parents then need an fsync too. */
async function ensureDirectory(dir: string, knownDirs: Set<string>, toSync: Set<string>): Promise<void> {
  if (knownDirs.has(dir)) return;
  const created = await mkdir(dir, { recursive: true });
  if (created !== undefined) {
    for (let d = path.dirname(dir); d.length >= path.dirname(created).length; d = path.dirname(d)) {
      toSync.add(d);
      if (d === path.dirname(d)) break;
    }
  }
  knownDirs.add(dir);
}

function ignoreMissing(err: unknown): false {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  return false;
}
