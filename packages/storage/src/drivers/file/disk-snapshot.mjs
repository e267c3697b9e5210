// @ts-check
/**
 * The start-up snapshot of the file driver (`<root>/.state/snapshot`): each object file's content
 * and content hash together with the stat (mtime, size) it had when the snapshot was written. At
 * start the disk worker stats every file and reads only those whose stat differs from the
 * snapshot's, so a restart costs one read of this file plus a stat per object instead of an
 * open/read/close per object. It is a cache, never a source of truth: a missing, torn or foreign
 * file is ignored (every object file is then read), and an entry counts only while its file still
 * has the recorded stat. Plain JavaScript checked through JSDoc, like `disk-worker.mjs` (decision 0006).
 *
 * Layout: one JSON header line `{"v":1,"entries":[[relative, mtimeMs, size, hash, bytes], ...]}`,
 * then the entries' contents as UTF-8, back to back, `bytes` each.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/** @typedef {{ mtimeMs: number; size: number; hash: string; content: string }} SnapshotEntry */
/** An entry as read: its content is `bytes` bytes at `offset` of the snapshot's buffer. */
/** @typedef {{ mtimeMs: number; size: number; hash: string; offset: number; bytes: number }} SnapshotSpan */
/** @typedef {[string, number, number, string, number]} HeaderEntry */

const VERSION = 1;

/**
 * The snapshot's entries by relative path, with the buffer their contents are in (left undecoded:
 * the driver's thread decodes what it uses); empty when there is none or it cannot be read whole.
 * @param {string} file @returns {{ entries: Map<string, SnapshotSpan>; buffer: Buffer | undefined }}
 */
export function readSnapshot(file) {
  /** @type {Map<string, SnapshotSpan>} */
  const entries = new Map();
  const none = { entries, buffer: undefined };
  let buffer;
  try {
    buffer = readFileSync(file);
  } catch {
    return none;
  }
  const newline = buffer.indexOf(0x0a);
  if (newline < 0) return none;
  /** @type {{ v?: unknown; entries?: unknown }} */
  let header;
  try {
    header = JSON.parse(buffer.toString('utf8', 0, newline));
  } catch {
    return none;
  }
  if (header.v !== VERSION || !Array.isArray(header.entries)) return none;
  let offset = newline + 1;
  for (const [relative, mtimeMs, size, hash, bytes] of /** @type {HeaderEntry[]} */ (header.entries)) {
    // A torn or foreign file: trust none of it.
    if (!Number.isInteger(bytes) || bytes < 0 || offset + bytes > buffer.length)
      return { entries: new Map(), buffer: undefined };
    entries.set(relative, { mtimeMs, size, hash, offset, bytes });
    offset += bytes;
  }
  if (offset !== buffer.length) return { entries: new Map(), buffer: undefined };
  return { entries, buffer };
}

/**
 * Writes a snapshot of `entries` atomically (temp file, fsync, rename). Its durability does not
 * matter (it is a cache); its wholeness does, which the rename gives.
 * @param {string} file @param {readonly ({ relative: string } & SnapshotEntry)[]} entries
 * @returns {number} the entries written
 */
export function writeSnapshot(file, entries) {
  /** @type {HeaderEntry[]} */
  const header = entries.map((e) => [e.relative, e.mtimeMs, e.size, e.hash, Buffer.byteLength(e.content)]);
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeFully(fd, Buffer.from(`${JSON.stringify({ v: VERSION, entries: header })}\n`, 'utf8'));
    // Encoded one at a time: the whole body would be a second copy of the store.
    for (const e of entries) writeFully(fd, Buffer.from(e.content, 'utf8'));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {}
    throw err;
  }
  closeSync(fd);
  renameSync(temp, file);
  return header.length;
}

/** @param {number} fd @param {Buffer} buffer */
function writeFully(fd, buffer) {
  for (let done = 0; done < buffer.length; ) done += writeSync(fd, buffer, done, buffer.length - done);
}
