// @ts-check
/**
 * The disk worker's index of the object files: each file's mtime and size as last written or seen.
 * It serves the two whole-tree passes of the file driver, in slices so that the group commits of
 * the same worker run between them:
 * - `load`: at start, every object file (and remove crash leftovers) with its content hash: from
 *   the start-up snapshot (`disk-snapshot.mjs`) when the file still has the stat recorded there,
 *   else read from the file;
 * - `sweep`: the periodic check for edits the file-system notifications missed. It only stats
 *   files and reports those whose mtime or size differ from the index (new, edited or vanished);
 *   the driver then reads just those and compares content hashes, so a false alarm (a write of
 *   ours racing the sweep) costs one read and never an event.
 * Plain JavaScript checked through JSDoc, like `disk-worker.mjs` (decision 0006).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, opendirSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { readSnapshot, writeSnapshot } from './disk-snapshot.mjs';

/** @typedef {{ mtimeMs: number; size: number }} FileStat */

const EXTENSION = '.yaml';
const TEMP_MARKER = '.tmp-';

/** The hash the journal records (same as `contentHash` in paths.ts). @param {string} content */
export function contentHash(content) {
  return createHash('sha256').update(content).digest('base64url').slice(0, 22);
}

/**
 * `<plural>/<name>.yaml` or `<plural>/<namespace>/<name>.yaml` without dot segments: what
 * `relativePathToKey` in paths.ts accepts. @param {string} relative
 */
function isObjectFile(relative) {
  const segments = relative.split(path.sep);
  if (segments.length < 2 || segments.length > 3) return false;
  if (segments.some((s) => s === '' || s.startsWith('.'))) return false;
  const file = /** @type {string} */ (segments[segments.length - 1]);
  return file.endsWith(EXTENSION) && file.length > EXTENSION.length;
}

/**
 * A file's content, hash and stat (of the open file), or undefined when it is gone.
 * @param {string} file @returns {{ stat: FileStat; content: string; hash: string } | undefined}
 */
function readWithStat(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    const content = readFileSync(fd, 'utf8');
    return { stat, content, hash: contentHash(content) };
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The bytes of `buffer` as an ArrayBuffer of their own, which a worker can transfer. @param {Buffer} buffer */
function transferable(buffer) {
  if (buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength)
    return /** @type {ArrayBuffer} */ (buffer.buffer);
  return new Uint8Array(buffer).buffer;
}

/** @param {unknown} err */
function isMissing(err) {
  const code = /** @type {NodeJS.ErrnoException} */ (err)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

export class FileIndex {
  /**
   * By relative path; `hash` is the content hash of what was written or read at that stat (unknown
   * once a sweep saw the stat move, until the file is written or read again).
   * @type {Map<string, { mtimeMs: number; size: number; sweep: number; hash: string | undefined }>}
   */
  #files = new Map();
  #sweepNumber = 0;
  #root;
  /** @type {Generator<string> | undefined} */
  #loading;
  /** The snapshot read when a load starts, until it ends. @type {Map<string, import('./disk-snapshot.mjs').SnapshotSpan>} */
  #snapshot = new Map();
  /** @type {Generator<string> | undefined} */
  #sweeping;

  /** @param {string} root */
  constructor(root) {
    this.#root = root;
  }

  /**
   * Records a file we just wrote (absolute path) at its stat, with the hash of what was written.
   * @param {string} file @param {FileStat} stat @param {string | undefined} hash
   */
  wrote(file, stat, hash) {
    const relative = path.relative(this.#root, file);
    this.#files.set(relative, { mtimeMs: stat.mtimeMs, size: stat.size, sweep: this.#sweepNumber, hash });
  }

  /** Forgets a file we removed, or one whose write may not have completed. @param {string} file */
  forget(file) {
    this.#files.delete(path.relative(this.#root, file));
  }

  /**
   * The next `count` object files with content and hash; `done` after the last. The first call
   * starts the pass, which also removes leftover temp files (only at start: at run time a temp
   * file may belong to a write in flight). A file whose stat matches the snapshot at
   * `snapshotFile` is not read: its `contents` item is null and `spans` holds the offset and
   * length of its content in `snapshot`, the snapshot's bytes, handed over (transferred) once with
   * the first slice. `read` counts the files read.
   * @param {number} count @param {string} snapshotFile
   * @returns {import('./disk-protocol.js').LoadSlice}
   */
  loadSlice(count, snapshotFile) {
    /** @type {import('./disk-protocol.js').LoadSlice} */
    const out = { files: [], contents: [], spans: [], hashes: [], read: 0, done: false };
    if (!this.#loading) {
      this.#loading = this.#walk(true);
      const snapshot = readSnapshot(snapshotFile);
      this.#snapshot = snapshot.entries;
      if (snapshot.buffer) out.snapshot = transferable(snapshot.buffer);
    }
    while (out.files.length < count) {
      const next = this.#loading.next();
      if (next.done) {
        this.#loading = undefined;
        this.#snapshot = new Map();
        out.done = true;
        break;
      }
      const relative = next.value;
      const file = path.join(this.#root, relative);
      const saved = this.#snapshot.get(relative);
      const stat = saved && statSync(file, { throwIfNoEntry: false });
      /** @type {FileStat} */
      let seen;
      let hash;
      if (saved && stat && stat.mtimeMs === saved.mtimeMs && stat.size === saved.size) {
        seen = stat;
        hash = saved.hash;
        out.contents.push(null);
        out.spans.push(saved.offset, saved.bytes);
      } else {
        const loaded = readWithStat(file);
        if (!loaded) continue;
        seen = loaded.stat;
        hash = loaded.hash;
        out.contents.push(loaded.content);
        out.read++;
      }
      this.#files.set(relative, { mtimeMs: seen.mtimeMs, size: seen.size, sweep: this.#sweepNumber, hash });
      out.files.push(relative);
      out.hashes.push(hash);
    }
    return out;
  }

  /**
   * Writes the start-up snapshot from the driver's view (relative path, content, hash of every
   * object): an object is included only when the index holds the same hash for its file and the
   * file still has the stat the index recorded, so a hand edit the driver has not adopted yet is
   * never recorded as unchanged. Returns the entries written.
   * @param {string} snapshotFile @param {string[]} files @param {string[]} contents @param {string[]} hashes
   */
  snapshot(snapshotFile, files, contents, hashes) {
    /** @type {({ relative: string } & import('./disk-snapshot.mjs').SnapshotEntry)[]} */
    const entries = [];
    files.forEach((relative, i) => {
      const known = this.#files.get(relative);
      if (!known || known.hash === undefined || known.hash !== hashes[i]) return;
      const stat = statSync(path.join(this.#root, relative), { throwIfNoEntry: false });
      if (!stat || stat.mtimeMs !== known.mtimeMs || stat.size !== known.size) return;
      entries.push({
        relative,
        mtimeMs: known.mtimeMs,
        size: known.size,
        hash: known.hash,
        content: /** @type {string} */ (contents[i]),
      });
    });
    return writeSnapshot(snapshotFile, entries);
  }

  /**
   * Stats up to `count` files of the current sweep (starting one when none runs) and returns the
   * relative paths that differ from the index; the last slice also reports indexed files that
   * were not found. Differences are recorded as seen, so each is reported once.
   * @param {number} count
   * @returns {{ changed: string[]; done: boolean }}
   */
  sweepSlice(count) {
    if (!this.#sweeping) {
      this.#sweepNumber++;
      this.#sweeping = this.#walk(false);
    }
    const sweep = this.#sweepNumber;
    /** @type {string[]} */
    const changed = [];
    for (let i = 0; i < count; i++) {
      const next = this.#sweeping.next();
      if (next.done) {
        this.#sweeping = undefined;
        for (const [relative, known] of this.#files) {
          if (known.sweep >= sweep) continue;
          this.#files.delete(relative);
          changed.push(relative);
        }
        return { changed, done: true };
      }
      const relative = next.value;
      const stat = statSync(path.join(this.#root, relative), { throwIfNoEntry: false });
      if (!stat) continue;
      const known = this.#files.get(relative);
      const moved = !known || known.mtimeMs !== stat.mtimeMs || known.size !== stat.size;
      if (moved) changed.push(relative);
      this.#files.set(relative, {
        mtimeMs: stat.mtimeMs,
        size: stat.size,
        sweep,
        hash: moved ? undefined : known.hash,
      });
    }
    return { changed, done: false };
  }

  /**
   * Object files below the root, depth first, read directory by directory.
   * @param {boolean} removeTemps @param {string} [relative] @returns {Generator<string>}
   */
  *#walk(removeTemps, relative = '') {
    const depth = relative === '' ? 0 : relative.split(path.sep).length;
    if (depth > 2) return;
    // Read entry by entry (not readdir's whole array): a directory of 100,000 files would
    // otherwise hold the worker, and the commits queued behind this slice, for one long call.
    /** @type {import('node:fs').Dir} */
    let dir;
    try {
      dir = opendirSync(path.join(this.#root, relative));
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    try {
      for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
        const child = relative === '' ? entry.name : path.join(relative, entry.name);
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.')) yield* this.#walk(removeTemps, child);
          continue;
        }
        if (!entry.isFile()) continue;
        if (entry.name.startsWith('.') && entry.name.includes(TEMP_MARKER)) {
          if (removeTemps) {
            try {
              unlinkSync(path.join(this.#root, child));
            } catch {}
          }
          continue;
        }
        if (isObjectFile(child)) yield child;
      }
    } finally {
      dir.closeSync();
    }
  }
}
