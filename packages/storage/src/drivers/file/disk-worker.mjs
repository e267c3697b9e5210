// @ts-check
/**
 * The file driver's disk work, run in a worker thread by `disk-lane.ts`: each group commit's files
 * written with synchronous system calls, one after another, off the event loop.
 *
 * Why a thread and synchronous calls: measured on a two-core VM, one thread doing a batch in order
 * costs ~100 µs of CPU per durable file. The same work as five promise round trips per file through
 * libuv's pool cost the event loop several times that. Parallel creates in one directory also spun
 * on the directory's inode lock (`rwsem_spin_on_owner` under `path_openat` in `perf`).
 *
 * Plain JavaScript, checked through JSDoc: the same file runs as a worker from the TypeScript
 * sources (tsx, vitest) and from the compiled package, with no loader in the worker.
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { FileIndex } from './disk-index.mjs';

/** @typedef {import('./disk-protocol.js').DiskChange} DiskChange */
/** @typedef {import('./disk-protocol.js').CommitResult} CommitResult */
/** @typedef {import('./disk-protocol.js').DiskRequest} DiskRequest */

/** @param {unknown} err */
function codeOf(err) {
  return /** @type {NodeJS.ErrnoException} */ (err)?.code;
}

/** @param {string} file */
function unlinkQuietly(file) {
  try {
    unlinkSync(file);
  } catch {}
}

/**
 * fdatasync on libuv's pool; resolves to the error instead of rejecting.
 * @param {number} fd @returns {Promise<Error | undefined>}
 */
function datasync(fd) {
  return new Promise((resolve) => fdatasync(fd, (err) => resolve(err ?? undefined)));
}

/** @param {number} fd @param {string} content */
function writeAll(fd, content) {
  const buffer = Buffer.from(content, 'utf8');
  for (let offset = 0; offset < buffer.length; ) {
    offset += writeSync(fd, buffer, offset, buffer.length - offset);
  }
}

/**
 * Replaces `target` atomically and durably: write `temp` (same directory), fsync it, rename it over
 * the target. The caller fsyncs the directory, once per group commit, to make the rename durable.
 * @param {string} target @param {string} temp @param {string} content
 */
export function writeFileAtomicSync(target, temp, content) {
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeAll(fd, content);
    fdatasyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkQuietly(temp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (err) {
    unlinkQuietly(temp);
    throw err;
  }
}

/**
 * fsync a directory so renames and unlinks in it survive a crash. A vanished directory needs none.
 * @param {string} dir
 */
export function syncDirectorySync(dir) {
  let fd;
  try {
    fd = openSync(dir, 'r');
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return;
    throw err;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Group commits against one root and its append-only journal file. */
export class DiskWriter {
  /** Directories known to exist, so a write does not stat its directory every time. */
  #knownDirs = new Set();
  #journalFile;
  #journalFd;
  /** Every object file's stat as we wrote it or last saw it. */
  index;

  /**
   * @param {string} journalFile opened for appending (created when missing)
   * @param {string} root the directory of the object files
   */
  constructor(journalFile, root) {
    this.#journalFile = journalFile;
    this.#journalFd = openSync(journalFile, 'a');
    this.index = new FileIndex(root);
  }

  /**
   * Writes or deletes every file, then fsyncs each touched directory once, then appends the lines
   * of the changes that succeeded, and `extraLines`, with one fdatasync. Throws when a shared step
   * fails: then nothing may be acknowledged.
   *
   * Files are created and renamed from this one thread (parallel creates in one directory contend
   * for its lock); only the waits for their data to reach the disk overlap, on libuv's pool.
   * @param {DiskChange[]} changes @param {string} extraLines
   * @returns {Promise<CommitResult>}
   */
  async commit(changes, extraLines) {
    /** @type {Set<string>} */
    const dirs = new Set();
    /** @type {CommitResult} */
    const result = { failed: [], absent: [] };
    /** The journal line of each change that reached the disk. @type {string[]} */
    const lines = new Array(changes.length).fill('');
    /** @type {{ index: number; fd: number }[]} */
    const written = [];
    /** @param {number} index @param {unknown} err */
    const fail = (index, err) =>
      result.failed.push({ index, code: codeOf(err), message: /** @type {Error} */ (err).message });
    changes.forEach((change, index) => {
      try {
        if (change.value !== undefined) {
          written.push({ index, fd: this.#writeTemp(change, dirs) });
          return;
        }
        try {
          this.index.forget(change.file);
          unlinkSync(change.file);
          dirs.add(path.dirname(change.file));
        } catch (err) {
          if (codeOf(err) !== 'ENOENT') throw err;
          // Already gone (deleted by hand, maybe with its directory): nothing to make durable.
          result.absent.push(index);
        }
        lines[index] = change.line;
      } catch (err) {
        fail(index, err);
      }
    });
    const synced = await Promise.all(written.map(({ fd }) => datasync(fd)));
    written.forEach(({ index, fd }, i) => {
      const change = /** @type {DiskChange} */ (changes[index]);
      let err = synced[i];
      try {
        const stat = err === undefined ? fstatSync(fd) : undefined;
        closeSync(fd);
        if (stat) {
          renameSync(change.temp, change.file);
          this.index.wrote(change.file, stat, change.hash);
          dirs.add(path.dirname(change.file));
          lines[index] = change.line;
          return;
        }
      } catch (closeOrRename) {
        err ??= /** @type {Error} */ (closeOrRename);
      }
      unlinkQuietly(change.temp);
      fail(index, err);
    });
    result.failed.sort((a, b) => a.index - b.index);
    try {
      for (const dir of dirs) syncDirectorySync(dir);
      this.#append(lines.join('') + extraLines);
    } catch (err) {
      // Nothing is acknowledged, yet files may have been replaced: unknown to the index, the next
      // sweep reports them and the driver adopts what is on disk.
      for (const change of changes) this.index.forget(change.file);
      throw err;
    }
    return result;
  }

  /**
   * Replaces the journal by `content` atomically and durably, then appends to the new file.
   * @param {string} content @param {string} temp
   */
  compact(content, temp) {
    writeFileAtomicSync(this.#journalFile, temp, content);
    syncDirectorySync(path.dirname(this.#journalFile));
    closeSync(this.#journalFd);
    this.#journalFd = openSync(this.#journalFile, 'a');
  }

  close() {
    closeSync(this.#journalFd);
  }

  /**
   * Creates the change's temp file and writes its value; returns the open descriptor.
   * @param {DiskChange} change @param {Set<string>} dirs directories that will need an fsync
   */
  #writeTemp(change, dirs) {
    const dir = path.dirname(change.file);
    this.#ensureDirectory(dir, dirs);
    let fd;
    try {
      fd = openSync(change.temp, 'wx', 0o644);
    } catch (err) {
      // The directory was removed by hand since we created it: create it again, once.
      if (codeOf(err) !== 'ENOENT') throw err;
      this.#knownDirs.delete(dir);
      this.#ensureDirectory(dir, dirs);
      fd = openSync(change.temp, 'wx', 0o644);
    }
    try {
      writeAll(fd, /** @type {string} */ (change.value));
    } catch (err) {
      closeSync(fd);
      unlinkQuietly(change.temp);
      throw err;
    }
    return fd;
  }

  /** @param {string} text */
  #append(text) {
    if (text === '') return;
    writeAll(this.#journalFd, text);
    fdatasyncSync(this.#journalFd);
  }

  /**
   * Creates a missing directory; the parents of what `mkdir` created then need an fsync too.
   * @param {string} dir @param {Set<string>} toSync
   */
  #ensureDirectory(dir, toSync) {
    if (this.#knownDirs.has(dir)) return;
    const created = mkdirSync(dir, { recursive: true });
    if (created !== undefined) {
      for (let d = path.dirname(dir); d.length >= path.dirname(created).length; d = path.dirname(d)) {
        toSync.add(d);
        if (d === path.dirname(d)) break;
      }
    }
    this.#knownDirs.add(dir);
  }
}

/**
 * @param {DiskWriter} writer @param {DiskRequest} request
 * @returns {Promise<import('./disk-protocol.js').DiskResult>}
 */
async function serve(writer, request) {
  switch (request.type) {
    case 'commit':
      return writer.commit(request.changes, request.extraLines);
    case 'compact':
      writer.compact(request.content, request.temp);
      return null;
    case 'close':
      writer.close();
      return null;
    case 'load':
      return writer.index.loadSlice(request.count, request.snapshotFile);
    case 'snapshot':
      return {
        written: writer.index.snapshot(request.snapshotFile, request.files, request.contents, request.hashes),
      };
    case 'sweep':
      return writer.index.sweepSlice(request.count);
  }
}

// Started by disk-lane.ts, which marks its workers; imported anywhere else, this module only exports.
if (parentPort && workerData?.diskWorker === true) {
  const port = parentPort;
  /** @type {DiskWriter | undefined} */
  let writer;
  try {
    writer = new DiskWriter(workerData.journalFile, workerData.root);
    port.postMessage({ id: 0, result: null });
  } catch (err) {
    port.postMessage({ id: 0, error: { message: /** @type {Error} */ (err).message, code: codeOf(err) } });
  }
  // One request at a time, in the order sent.
  let previous = Promise.resolve();
  port.on('message', (/** @type {DiskRequest} */ request) => {
    previous = previous.then(async () => {
      try {
        if (!writer) throw new Error('the journal could not be opened');
        const result = await serve(writer, request);
        // The start-up snapshot's bytes move to the driver's thread instead of being copied.
        const transfer = result && 'snapshot' in result && result.snapshot ? [result.snapshot] : [];
        port.postMessage({ id: request.id, result }, transfer);
      } catch (err) {
        const error = { message: /** @type {Error} */ (err).message, code: codeOf(err) };
        port.postMessage({ id: request.id, error });
      }
    });
  });
}
