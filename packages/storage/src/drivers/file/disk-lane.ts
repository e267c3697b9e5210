import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
  CommitResult,
  DiskChange,
  DiskReply,
  DiskRequest,
  DiskResult,
  LoadSlice,
  SnapshotResult,
  SweepSlice,
} from './disk-protocol.js';
import { type JournalRecord, type JournalState, journalText } from './journal.js';
import { tempPathFor } from './paths.js';

/** One file change of a group commit: `value` undefined deletes the file. */
export interface FileChange {
  file: string;
  value: string | undefined;
  /** The journal record appended once the change is on disk; none when only the file matters. */
  record?: JournalRecord;
}

/** Announces our own file changes to the change watcher, so their notifications are not re-read. */
export interface OwnWrites {
  /** Called before a file is replaced or removed; false when no notification is expected. */
  expect(file: string): boolean;
  /** Called when that replacement or removal did not happen. */
  unexpect(file: string): void;
}

interface Pending {
  resolve: (result: DiskResult) => void;
  reject: (err: Error) => void;
}

const WORKER = new URL('./disk-worker.mjs', import.meta.url);

/**
 * The file driver's disk: group commits, journal appends and compactions, done in order by one
 * worker thread (`disk-worker.mjs`) so the event loop only hands over a batch and reads the result.
 * A worker that dies fails what it was doing; the next request starts a new one.
 */
export class DiskLane {
  readonly #journalFile: string;
  readonly #snapshotFile: string;
  readonly #root: string;
  #worker: Worker | undefined;
  #ready: Promise<unknown> | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Journal lines appended since the last compaction. */
  appended = 0;

  constructor(stateDir: string) {
    this.#journalFile = path.join(stateDir, 'journal');
    this.#snapshotFile = path.join(stateDir, 'snapshot');
    this.#root = path.dirname(stateDir);
  }

  /**
   * Every object file under the root (removing leftover temp files), in slices of `slice` files so
   * the transfer never holds the event loop long: relative path → content and hash. Files whose
   * stat matches the start-up snapshot are not read (`read` counts those that were).
   */
  async load(
    slice = 2_000,
  ): Promise<{ files: Map<string, { content: string; hash: string }>; read: number }> {
    const files = new Map<string, { content: string; hash: string }>();
    let read = 0;
    const ask = () =>
      this.#request({ type: 'load', count: slice, snapshotFile: this.#snapshotFile }) as Promise<LoadSlice>;
    let snapshot: Buffer | undefined;
    for (let next = ask(); ; ) {
      const result = await next;
      // The worker reads the next slice while this one is taken in.
      if (!result.done) next = ask();
      if (result.snapshot) snapshot = Buffer.from(result.snapshot);
      read += result.read;
      let span = 0;
      result.files.forEach((file, i) => {
        let content = result.contents[i];
        if (content === null || content === undefined) {
          const offset = result.spans[span++]!;
          content = snapshot!.toString('utf8', offset, offset + result.spans[span++]!);
        }
        files.set(file, { content, hash: result.hashes[i]! });
      });
      if (result.done) return { files, read };
    }
  }

  /**
   * Writes the start-up snapshot from the driver's objects (paths relative to the root); the
   * worker leaves out any whose file moved since it was written or read. Returns the count written.
   */
  async snapshot(objects: { file: string; content: string; hash: string }[]): Promise<number> {
    const result = (await this.#request({
      type: 'snapshot',
      snapshotFile: this.#snapshotFile,
      files: objects.map((o) => o.file),
      contents: objects.map((o) => o.content),
      hashes: objects.map((o) => o.hash),
    })) as SnapshotResult;
    return result.written;
  }

  /**
   * One sweep of the periodic check: the worker stats `slice` files per request and reports those
   * whose stat moved. Commits sent meanwhile are served between slices, so a sweep delays a write
   * by one slice at most. `onSlice` receives each slice's paths before the next is asked for.
   */
  async sweep(slice: number, onSlice: (changed: string[]) => void | Promise<void>): Promise<void> {
    for (;;) {
      const result = (await this.#request({ type: 'sweep', count: slice })) as SweepSlice;
      await onSlice(result.changed);
      if (result.done) return;
    }
  }

  /** Starts the worker and opens the journal; rejects when it cannot be opened. */
  async start(): Promise<void> {
    await this.#spawn();
  }

  /**
   * Makes `changes` durable (files, their directories, then their journal records and `journalOnly`
   * with one fsync). Returns the changes whose file step failed: they were not journaled. Throws
   * when a shared step failed, in which case nothing may be acknowledged.
   */
  async commit(
    changes: FileChange[],
    journalOnly: JournalRecord[] = [],
    own?: OwnWrites,
  ): Promise<Map<FileChange, Error>> {
    const expected = changes.map((c) => own?.expect(c.file) ?? false);
    const request: DiskChange[] = changes.map((c) => ({
      file: c.file,
      temp: tempPathFor(c.file),
      value: c.value,
      hash: c.record && 'h' in c.record ? c.record.h : undefined,
      line: c.record ? `${JSON.stringify(c.record)}\n` : '',
    }));
    const extraLines = journalOnly.map((r) => `${JSON.stringify(r)}\n`).join('');
    let result: CommitResult;
    try {
      result = (await this.#request({ type: 'commit', changes: request, extraLines })) as CommitResult;
    } catch (err) {
      changes.forEach((c, i) => {
        if (expected[i]) own?.unexpect(c.file);
      });
      throw err;
    }
    const failed = new Map<FileChange, Error>();
    for (const { index, code, message } of result.failed) {
      failed.set(changes[index]!, Object.assign(new Error(message), { code }));
    }
    for (const index of [...result.failed.map((f) => f.index), ...result.absent]) {
      if (expected[index]) own?.unexpect(changes[index]!.file);
    }
    this.appended += changes.filter((c) => c.record && !failed.has(c)).length + journalOnly.length;
    return failed;
  }

  /** Replaces the journal by the head and one record per live key (atomically, durably). */
  async compact(state: JournalState): Promise<void> {
    await this.#request({
      type: 'compact',
      content: journalText(state),
      temp: tempPathFor(this.#journalFile),
    });
    this.appended = 0;
  }

  async close(): Promise<void> {
    if (!this.#worker) return;
    await this.#request({ type: 'close' }).catch(() => {});
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  async #request(body: DistributiveOmit<DiskRequest, 'id'>): Promise<DiskResult> {
    const worker = await this.#spawn();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...body, id });
    });
  }

  /** The running worker, started (and its journal opened) when there is none. */
  async #spawn(): Promise<Worker> {
    if (!this.#worker) {
      const worker = new Worker(WORKER, {
        workerData: { diskWorker: true, journalFile: this.#journalFile, root: this.#root },
      });
      this.#worker = worker;
      this.#ready = new Promise((resolve, reject) => this.#pending.set(0, { resolve, reject })).catch(
        async (err: unknown) => {
          // The journal could not be opened: stop this worker; the next request tries a new one.
          if (this.#worker === worker) this.#worker = undefined;
          await worker.terminate();
          throw err;
        },
      );
      worker.on('message', (reply: DiskReply) => this.#settle(reply));
      const fail = (err: Error) => {
        if (this.#worker === worker) this.#worker = undefined;
        for (const p of this.#pending.values()) p.reject(err);
        this.#pending.clear();
      };
      worker.on('error', (err) => fail(new Error(`file storage disk worker failed: ${err.message}`)));
      worker.on('exit', (code) => fail(new Error(`file storage disk worker exited (code ${code})`)));
    }
    const worker = this.#worker;
    await this.#ready;
    return worker;
  }

  #settle(reply: DiskReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if ('error' in reply) {
      pending.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    } else {
      pending.resolve(reply.result);
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
