// @ts-check
/**
 * The disk worker's index of the object files: each file's mtime and size as last written or seen.
 * It serves the two whole-tree passes of the file driver, in slices so that the group commits of
 * the same worker run between them:
 * - `load`: at start, read every object file (and remove crash leftovers), with its content hash;
 * - `sweep`: the periodic check for edits the file-system notifications missed. It only stats
 *   files and reports those whose mtime or size differ from the index (new, edited or vanished);
 *   the driver then reads just those and compares content hashes, so a false alarm (a write of
 *   ours racing the sweep) costs one read and never an event.
 * Plain JavaScript checked through JSDoc, like `disk-worker.mjs` (decision 0006).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, opendirSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

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

/** @param {unknown} err */
function isMissing(err) {
  const code = /** @type {NodeJS.ErrnoException} */ (err)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

export class FileIndex {
  /** @type {Map<string, { mtimeMs: number; size: number; sweep: number }>} by relative path */
  #files = new Map();
  #sweepNumber = 0;
  #root;
  /** @type {Generator<string> | undefined} */
  #loading;
  /** @type {Generator<string> | undefined} */
  #sweeping;

  /** @param {string} root */
  constructor(root) {
    this.#root = root;
  }

  /** Records a file we just wrote (absolute path) at its stat. @param {string} file @param {FileStat} stat */
  wrote(file, stat) {
    const relative = path.relative(this.#root, file);
    this.#files.set(relative, { mtimeMs: stat.mtimeMs, size: stat.size, sweep: this.#sweepNumber });
  }

  /** Forgets a file we removed, or one whose write may not have completed. @param {string} file */
  forget(file) {
    this.#files.delete(path.relative(this.#root, file));
  }

  /**
   * The next `count` object files with content and hash; `done` after the last. The first call
   * starts the pass, which also removes leftover temp files (only at start: at run time a temp
   * file may belong to a write in flight).
   * @param {number} count
   * @returns {{ files: string[]; contents: string[]; hashes: string[]; done: boolean }}
   */
  loadSlice(count) {
    this.#loading ??= this.#walk(true);
    /** @type {{ files: string[]; contents: string[]; hashes: string[]; done: boolean }} */
    const out = { files: [], contents: [], hashes: [], done: false };
    while (out.files.length < count) {
      const next = this.#loading.next();
      if (next.done) {
        this.#loading = undefined;
        out.done = true;
        break;
      }
      const relative = next.value;
      const file = path.join(this.#root, relative);
      let content;
      let stat;
      let fd;
      try {
        fd = openSync(file, 'r');
        stat = fstatSync(fd);
        content = readFileSync(fd, 'utf8');
      } catch (err) {
        if (isMissing(err)) continue;
        throw err;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      this.#files.set(relative, { mtimeMs: stat.mtimeMs, size: stat.size, sweep: this.#sweepNumber });
      out.files.push(relative);
      out.contents.push(content);
      out.hashes.push(contentHash(content));
    }
    return out;
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
      if (!known || known.mtimeMs !== stat.mtimeMs || known.size !== stat.size) changed.push(relative);
      this.#files.set(relative, { mtimeMs: stat.mtimeMs, size: stat.size, sweep });
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
