import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '@hs/apimachinery';
import type {
  DriverEvent,
  DriverListResult,
  DriverStartOptions,
  Encode,
  KeyValue,
  Restamp,
  StorageDriver,
} from '../../driver.js';
import { DriverEventHub } from '../event-hub.js';
import { ChangeWatcher } from './change-watcher.js';
import { DiskLane, type FileChange, type OwnWrites } from './disk-lane.js';
import { FileState } from './file-state.js';
import { readJournal } from './journal.js';
import { keyToPath, relativePathToKey, STATE_DIR } from './paths.js';
import { recover } from './recover.js';
import { type Op, type Staged, stageExternal, stageOps } from './staging.js';

export interface FileDriverOptions {
  rootDir: string;
  /**
   * Rewrites adopted (hand-edited) values to embed their new revision. Default: the restamp the
   * store passes to `start` (`restampResourceVersion`, which edits metadata.resourceVersion in
   * place and leaves values it cannot parse, such as encrypted ones, unchanged); identity alone.
   */
  restamp?: Restamp | undefined;
  /** Committed events kept for `subscribe` resumes (default 10,000). */
  historyLimit?: number;
  /** Quiet time before a burst of file-system notifications is examined (default 50 ms). */
  debounceMs?: number;
  /**
   * Period of the sweep that catches edits the notifications missed (default 30 s; 0 = off). The
   * sweep stats files in the disk worker, a slice at a time between group commits, and only the
   * files whose mtime or size moved are read: it never holds the write queue.
   */
  rescanIntervalMs?: number;
  /** Files stat'ed per slice of a sweep (default 1,000). */
  rescanSliceSize?: number;
  /** Called after each slice of a sweep, before the next is asked for (observability, tests). */
  onRescanSlice?: () => void | Promise<void>;
  /** Journal lines appended before it is compacted at run time (default 10,000, at least 2× the keys). */
  journalCompactAfter?: number;
}

/**
 * One human-editable YAML file per object, a revision journal under `<root>/.state/`, writes made
 * durable by group commit, and hand edits adopted as events. All mutations, ours and adopted ones,
 * run through one commit lane, so revisions are allocated and published in order.
 */
class FileDriver implements StorageDriver {
  readonly name = 'file';
  readonly valueFormat = 'yaml';
  readonly #root: string;
  #restamp: Restamp = (value) => value;
  readonly #options: FileDriverOptions;
  readonly #state = new FileState();
  #hub = new DriverEventHub({ limit: 1, startRevision: 0 });
  #disk: DiskLane | undefined;
  #queue: Op[] = [];
  #checks = new Set<string>();
  #busy: Promise<void> | undefined;
  #watcher: ChangeWatcher | undefined;
  #rescanTimer: NodeJS.Timeout | undefined;
  #sweeping = false;
  #health: string | undefined = 'not started';
  #closed = false;
  readonly #ownWrites: OwnWrites = {
    expect: (file) => this.#watcher?.expect(file) ?? false,
    unexpect: (file) => this.#watcher?.unexpect(file),
  };

  constructor(options: FileDriverOptions) {
    this.#options = options;
    this.#root = path.resolve(options.rootDir);
  }

  async start(startOptions: DriverStartOptions = {}): Promise<void> {
    const restamp = this.#options.restamp ?? startOptions.restamp;
    if (restamp) this.#restamp = restamp;
    await mkdir(this.#root, { recursive: true });
    const stateDir = path.join(this.#root, STATE_DIR);
    const state = await readJournal(stateDir);
    const disk = new DiskLane(stateDir);
    await disk.start();
    this.#disk = disk;
    const files = new Map<string, { content: string; hash: string }>();
    const loaded = await disk.load();
    for (const [relative, file] of loaded.files) {
      const key = relativePathToKey(relative);
      if (key !== undefined) files.set(key, file);
    }
    const recovered = await recover(disk, this.#root, state, files, this.#restamp);
    for (const [key, kv] of recovered.kvs) {
      this.#state.values.set(key, kv);
      this.#state.keys.add(key);
      this.#state.hashes.set(key, recovered.hashes.get(key)!);
    }
    this.#state.committed = this.#state.allocated = recovered.head;
    // Recovery that moved the head (adopted or deleted while stopped) is recorded by compacting;
    // so is a journal grown well past one line per key. Otherwise the journal is kept as it is.
    if (recovered.head !== state.head || state.records > 2 * recovered.kvs.size + 1)
      await disk.compact(this.#state.journalState());
    // Most files were read (no snapshot, or a crash long after the last one): write one now, so the
    // next start does not read them again.
    if (loaded.read > Math.max(1_000, loaded.files.size / 10)) await this.#snapshot();
    this.#hub = new DriverEventHub({
      limit: this.#options.historyLimit ?? 10_000,
      startRevision: recovered.head,
    });
    this.#watcher = new ChangeWatcher(this.#root, this.#options.debounceMs ?? 50, (paths) =>
      this.#check(paths),
    );
    await this.#watcher.start();
    const rescan = this.#options.rescanIntervalMs ?? 30_000;
    if (rescan > 0) {
      this.#rescanTimer = setInterval(() => this.#sweep(), rescan);
      this.#rescanTimer.unref();
    }
    this.#health = undefined;
  }

  currentRevision(): number {
    return this.#state.committed;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.#state.values.get(key);
  }

  async list(prefix: string): Promise<DriverListResult> {
    const kvs: KeyValue[] = [];
    for (const key of this.#state.keys.withPrefix(prefix)) kvs.push(this.#state.values.get(key)!);
    return { revision: this.#state.committed, kvs };
  }

  create(key: string, encode: Encode): Promise<KeyValue> {
    return new Promise((resolve, reject) =>
      this.#enqueue({ kind: 'create', key, encode, done: { resolve, reject } }),
    );
  }

  update(key: string, expectedRevision: number, encode: Encode): Promise<KeyValue> {
    return new Promise((resolve, reject) =>
      this.#enqueue({ kind: 'update', key, expected: expectedRevision, encode, done: { resolve, reject } }),
    );
  }

  delete(key: string, expectedRevision?: number): Promise<{ revision: number; kv: KeyValue }> {
    return new Promise((resolve, reject) =>
      this.#enqueue({ kind: 'delete', key, expected: expectedRevision, done: { resolve, reject } }),
    );
  }

  subscribe(afterRevision: number, onEvents: (events: DriverEvent[]) => void): () => void {
    return this.#hub.subscribe(afterRevision, onEvents);
  }

  health(): string | undefined {
    return this.#health;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#watcher?.close();
    clearInterval(this.#rescanTimer);
    this.#checks.clear();
    await this.#busy;
    this.#hub.clear();
    if (this.#disk) await this.#snapshot();
    await this.#disk?.close();
    this.#health = 'closed';
  }

  /** Writes the start-up snapshot of the current state; a failure only costs reads at the next start. */
  async #snapshot(): Promise<void> {
    const objects: { file: string; content: string; hash: string }[] = [];
    for (const [key, kv] of this.#state.values) {
      const file = path.relative(this.#root, keyToPath(this.#root, key));
      objects.push({ file, content: kv.value, hash: this.#state.hashes.get(key)! });
    }
    await this.#disk?.snapshot(objects).catch((err: unknown) => {
      console.error(
        `storage: cannot write the file storage snapshot: ${err instanceof Error ? err.message : err}`,
      );
    });
  }

  #enqueue(op: Op): void {
    if (this.#closed || !this.#disk) {
      op.done.reject(new StorageError('Unreachable', op.key, 'file driver is not running'));
      return;
    }
    try {
      keyToPath(this.#root, op.key);
    } catch (err) {
      op.done.reject(err);
      return;
    }
    this.#queue.push(op);
    this.#kick();
  }

  /** Runs one sweep unless one is running; its findings join the commit lane's checks. */
  #sweep(): void {
    const disk = this.#disk;
    if (this.#sweeping || this.#closed || !disk) return;
    this.#sweeping = true;
    disk
      .sweep(this.#options.rescanSliceSize ?? 1_000, async (changed) => {
        if (changed.length > 0) this.#check(changed);
        await this.#options.onRescanSlice?.();
      })
      .catch((err: unknown) => {
        if (this.#closed) return;
        this.#health = `file storage: ${err instanceof Error ? err.message : String(err)}`;
        console.error(`storage: ${this.#health}`);
      })
      .finally(() => {
        this.#sweeping = false;
      });
  }

  #check(relativePaths: string[]): void {
    if (this.#closed) return;
    for (const p of relativePaths) this.#checks.add(p);
    this.#kick();
  }

  /**
   * Runs the commit lane until both queues are empty; one lane at a time. The lane starts on the
   * next turn of the event loop so every write issued in this turn joins the same group commit.
   */
  #kick(): void {
    if (this.#busy) return;
    this.#busy = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0 || (this.#checks.size > 0 && !this.#closed)) {
        const ops = this.#queue;
        this.#queue = [];
        try {
          if (ops.length > 0) {
            const { staged, deferred } = stageOps(this.#state, this.#root, ops);
            this.#queue.unshift(...deferred);
            await this.#commit(staged);
          }
          if (this.#checks.size > 0 && !this.#closed) {
            const paths = [...this.#checks];
            this.#checks.clear();
            await this.#commit(await stageExternal(this.#state, this.#root, this.#restamp, paths));
          }
        } catch (err) {
          // A failed scan or compaction: report it through health; writes keep their own errors.
          this.#health = `file storage: ${err instanceof Error ? err.message : String(err)}`;
          console.error(`storage: ${this.#health}`);
        }
      }
    } finally {
      this.#busy = undefined;
    }
  }

  /** Persists staged changes with shared fsyncs, then applies, publishes and acknowledges them in order. */
  async #commit(staged: Staged[]): Promise<void> {
    if (staged.length === 0) return;
    const disk = this.#disk!;
    let failed: Map<FileChange, Error>;
    try {
      const writes = staged.filter((s) => s.change.file !== '').map((s) => s.change);
      const journalOnly = staged.filter((s) => s.change.file === '').map((s) => s.change.record!);
      failed = await disk.commit(writes, journalOnly, this.#ownWrites);
    } catch (err) {
      this.#health = `file storage write failed: ${err instanceof Error ? err.message : String(err)}`;
      for (const s of staged)
        s.fail?.(new StorageError('Unreachable', s.event.kv.key, this.#health, { cause: err }));
      // Some files may have been replaced: a rescan shortly adopts whatever is on disk (not at
      // once, so a persistent failure cannot spin the lane).
      setTimeout(() => this.#sweep(), 1_000).unref();
      return;
    }
    this.#health = undefined;
    const events: DriverEvent[] = [];
    for (const s of staged) {
      const err = failed.get(s.change);
      if (err) {
        const message = `cannot write ${s.change.file}: ${err.message}`;
        s.fail?.(new StorageError('Unreachable', s.event.kv.key, message, { cause: err }));
        continue;
      }
      const { record } = s.change;
      this.#state.apply(s.event, record && 'h' in record ? record.h : undefined);
      events.push(s.event);
    }
    if (events.length > 0) {
      this.#state.committed = events[events.length - 1]!.revision;
      this.#hub.publish(events);
    }
    for (const s of staged) if (!failed.has(s.change)) s.settle?.();
    if (disk.appended > Math.max(this.#options.journalCompactAfter ?? 10_000, 2 * this.#state.values.size)) {
      await disk.compact(this.#state.journalState());
    }
  }
}

export function createFileDriver(options: FileDriverOptions): StorageDriver {
  return new FileDriver(options);
}
