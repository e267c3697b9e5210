import { open, rename, unlink } from 'node:fs/promises';
import { tempPathFor } from './paths.js';

/**
 * Replaces `target` atomically and durably: write a temp file in the same directory, fsync it,
 * rename it over the target. The caller fsyncs the directory (shared across a group commit) to make
 * the rename itself durable.
 */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.datasync();
  } catch (err) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
}

/** fsync a directory so renames and unlinks in it survive a crash. A vanished directory needs none. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(dir, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
