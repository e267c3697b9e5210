/**
 * The leader's write path (nacos-protocol.md §4.3). Concurrent writes are group-committed: a batch
 * of writes to distinct keys gets consecutive revisions, their objects are written to Nacos in
 * parallel by compare-and-set (create-only for creates), and one CAS append of the change log
 * commits every write that landed. A write is acknowledged only after that append. Objects changed
 * outside the store are adopted: restamped with a fresh revision and logged.
 */

import { StorageError } from '@hs/apimachinery';
import { casAt, contentMd5, hasLoneSurrogate, isNacosError, type NacosClient } from '@hs/nacos-client';
import type { KeyValue, Restamp } from '../../driver.js';
import type { LogEntry } from './change-log.js';
import type { AsyncEncode, WriteOp } from './forwarding.js';
import { toAddress } from './key-mapping.js';
import { FencedError, type LogWriter } from './log-writer.js';
import type { ReplicaState } from './replica-state.js';
import { loadSnapshot, type Snapshot, scanForeign } from './snapshot.js';
import { dropParts, readStoredValue, type StoredValueContext, storedForm } from './stored-value.js';

export interface PendingWrite {
  op: WriteOp;
  encode: AsyncEncode;
  resolve(result: unknown): void;
  reject(err: unknown): void;
}

export interface LeaderContext {
  client: NacosClient;
  tenant: string;
  replicaId: string;
  state: ReplicaState;
  writer: LogWriter;
  restamp: Restamp;
  inlineMaxBytes: number;
  /** Where values too large for one entry go (stored-value.ts). */
  stored: StoredValueContext;
  /** Largest value accepted (etcd's default request limit, 1.5 MiB, as kube-apiserver on etcd). */
  maxValueBytes: number;
  epoch(): number;
  /** Called after each successful append (the log md5 moved; keys may have come or gone). */
  committed(entries: LogEntry[]): void;
  /** Replaces the replica state with a freshly loaded snapshot. */
  resync(snap: Snapshot): void;
}

type Outcome =
  | {
      ok: true;
      w: PendingWrite;
      entry: LogEntry;
      value: string | undefined;
      result: unknown;
      /** The value this write replaced, whose parts (if any) go once the write is committed. */
      replaced: string | undefined;
    }
  | { ok: false; w: PendingWrite; error: unknown; adopt?: string };

export class LeaderWrites {
  /** Highest revision allocated. */
  head = 0;
  /** An append failed ambiguously: re-read the log before the next batch. */
  dirty = false;

  constructor(private readonly ctx: LeaderContext) {}

  private nacosKey(key: string) {
    return { tenant: this.ctx.tenant, ...toAddress(key) };
  }

  private inline(value: string): string | undefined {
    return Buffer.byteLength(value) <= this.ctx.inlineMaxBytes ? value : undefined;
  }

  /** Runs one batch (distinct keys). Every write is settled when it returns. */
  async runBatch(batch: PendingWrite[]): Promise<void> {
    if (this.dirty) {
      try {
        await this.catchUp();
      } catch (err) {
        for (const w of batch) w.reject(err);
        return;
      }
    }
    const outcomes = await Promise.all(
      batch.map((w) => {
        try {
          return this.writeObject(w);
        } catch (error) {
          return Promise.resolve<Outcome>({ ok: false, w, error });
        }
      }),
    );
    const done = outcomes
      .filter((o): o is Extract<Outcome, { ok: true }> => o.ok)
      .sort((a, b) => a.entry.r - b.entry.r);
    try {
      await this.commit(
        done.map((o) => o.entry),
        done.map((o) => o.value),
      );
      // Replaced values' parts go once the log holds the commit, before it is answered.
      await Promise.all(done.map((o) => dropParts(this.ctx.stored, o.replaced).catch(() => undefined)));
      for (const o of done) o.w.resolve(o.result);
      this.checkpoint();
    } catch (err) {
      for (const o of done) o.w.reject(err);
    }
    const failed = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    const adopt = failed.flatMap((o) => (o.adopt ? [o.adopt] : []));
    if (adopt.length > 0) await this.adoptKeys(adopt).catch(() => undefined);
    for (const o of failed) o.w.reject(o.error);
  }

  /** Checks preconditions, allocates the revision and writes the object (not yet committed). */
  private writeObject(w: PendingWrite): Promise<Outcome> {
    const { op } = w;
    const key = this.nacosKey(op.key);
    const cur = this.ctx.state.keys.get(op.key);
    if (op.op === 'create' && cur) throw new StorageError('KeyExists', op.key);
    if (op.op !== 'create') {
      if (!cur) throw new StorageError('KeyNotFound', op.key);
      if (op.expectedRevision !== undefined && cur.kv.revision !== op.expectedRevision) {
        throw new StorageError('Conflict', op.key, undefined, { revision: cur.kv.revision });
      }
    }
    const rev = ++this.head;
    const fail = (err: unknown): Outcome => {
      if (isNacosError(err, 'Conflict')) {
        const code = op.op === 'create' ? 'KeyExists' : 'Conflict';
        return {
          ok: false,
          w,
          adopt: op.key,
          error: new StorageError(code, op.key, `${op.key} was changed outside this store`),
        };
      }
      if (isNacosError(err)) this.dirty = true; // ambiguous: it may have landed
      return { ok: false, w, error: err };
    };
    const run = async (): Promise<Outcome> => {
      if (op.op === 'delete') {
        // Nacos has no conditional delete: check the stored bytes are still the ones we know.
        const stored = await this.ctx.client.getDetail(key);
        if (stored && stored.md5 !== cur!.md5) {
          return {
            ok: false,
            w,
            adopt: op.key,
            error: new StorageError('Conflict', op.key, `${op.key} was changed outside this store`),
          };
        }
        await this.ctx.client.delete(key);
        const entry: LogEntry = { r: rev, o: 'd', k: op.key, c: cur!.kv.createRevision };
        return {
          ok: true,
          w,
          entry,
          value: undefined,
          result: { revision: rev, kv: cur!.kv },
          replaced: cur!.kv.value,
        };
      }
      const value = await w.encode(rev);
      if (value.trim() === '' || hasLoneSurrogate(value)) {
        // Nacos rejects blank content; lone surrogates would hash differently in Java.
        throw new StorageError(
          'InvalidObject',
          op.key,
          `${op.key}: Nacos cannot store this value (blank or invalid UTF-16)`,
        );
      }
      if (Buffer.byteLength(value) > this.ctx.maxValueBytes) {
        throw new StorageError(
          'TooLarge',
          op.key,
          `the stored object is ${Buffer.byteLength(value)} bytes, limit is ${this.ctx.maxValueBytes}`,
        );
      }
      const stored = await storedForm(this.ctx.stored, value);
      const md5 = await this.ctx.client.publish(
        key,
        stored,
        casAt(op.op === 'create' ? undefined : cur!.md5),
      );
      const createRevision = cur?.kv.createRevision ?? rev;
      const entry: LogEntry = {
        r: rev,
        o: op.op === 'create' ? 'c' : 'u',
        k: op.key,
        m: md5,
        c: createRevision,
        v: this.inline(value),
      };
      const kv: KeyValue = { key: op.key, value, revision: rev, createRevision };
      return { ok: true, w, entry, value, result: kv, replaced: cur?.kv.value };
    };
    return run().catch((err: unknown) =>
      err instanceof StorageError && err.code === 'Conflict'
        ? { ok: false, w, adopt: op.key, error: err }
        : fail(err),
    );
  }

  /** Appends entries to the log (the commit point), then applies them locally. */
  async commit(entries: LogEntry[], values: Array<string | undefined>): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.ctx.writer.append(entries, this.head);
    } catch (err) {
      if (!(err instanceof FencedError)) this.dirty = true;
      throw err;
    }
    this.ctx.state.publish(entries.map((e, i) => this.ctx.state.apply(e, values[i])));
    this.ctx.state.applied = Math.max(this.ctx.state.applied, this.head);
    this.ctx.committed(entries);
  }

  private checkpointing: Promise<void> | undefined;

  /**
   * Writes the index checkpoint when due, beside the write lane (one at a time): it takes the
   * records and their revision in one synchronous step, so later commits cannot leak into it, and
   * the log is trimmed only once the index is in (LogWriter.indexRev).
   */
  private checkpoint(): void {
    if (this.checkpointing) return;
    this.checkpointing = this.ctx.writer
      .maybeCheckpoint(this.ctx.state)
      .catch(() => undefined)
      .finally(() => {
        this.checkpointing = undefined;
      });
  }

  /** Resolves once no checkpoint is being written (a clean close waits for it). */
  async settled(): Promise<void> {
    await this.checkpointing;
  }

  /** Re-reads everything from Nacos; throws FencedError if another replica took the log over. */
  private async fresh(): Promise<Snapshot> {
    const snap = await loadSnapshot(this.ctx.client, this.ctx.tenant, this.ctx.state.keys);
    if (snap.log && (snap.log.holder !== this.ctx.replicaId || snap.log.epoch !== this.ctx.epoch())) {
      throw new FencedError('another replica wrote the change log');
    }
    return snap;
  }

  /** After an ambiguous failure: apply what landed, adopt what was written but not logged. */
  async catchUp(): Promise<void> {
    const snap = await this.fresh();
    this.ctx.resync(snap);
    this.ctx.writer.log = snap.log;
    this.ctx.writer.logMd5 = snap.logMd5;
    this.head = Math.max(this.head, snap.revision);
    this.dirty = false;
    await this.adopt(snap);
  }

  /**
   * The periodic scan for foreign creates and edits nobody announced, read without holding the
   * write lane (a relist of a large store takes seconds). What it finds is only a suspect list:
   * `adopt` runs in the lane and adoptKeys re-reads every key against the state at that moment.
   */
  scan(): Promise<Pick<Snapshot, 'foreign' | 'missing'>> {
    return scanForeign(this.ctx.client, this.ctx.tenant, this.ctx.state.keys, this.ctx.state.applied);
  }

  async adopt(snap: Pick<Snapshot, 'foreign' | 'missing'>): Promise<void> {
    const keys = [...snap.foreign.map((f) => f.key), ...snap.missing];
    if (keys.length === 0) return;
    // Operators see why objects got new revisions (hand edits, restores, or a listing that missed some).
    console.error(
      `storage: adopting ${keys.length} Nacos object(s) the change log does not match ` +
        `(${snap.foreign.length} changed or unknown, ${snap.missing.length} logged but not listed), e.g. ${keys.slice(0, 3).join(', ')}`,
    );
    await this.adoptKeys(keys);
  }

  /**
   * Brings keys changed outside this store under revision control: re-reads each from the
   * database; a changed or new value is restamped with a fresh revision (CAS against what was
   * read) and logged, a vanished one is logged as deleted. Values the restamp cannot handle (for
   * example `enc|` data it cannot decrypt) are kept byte for byte.
   */
  async adoptKeys(keys: string[]): Promise<void> {
    const entries: LogEntry[] = [];
    const values: Array<string | undefined> = [];
    for (const key of new Set(keys)) {
      const item = await this.ctx.client.getDetail(this.nacosKey(key));
      const cur = this.ctx.state.keys.get(key);
      if (!item) {
        if (cur) {
          entries.push({ r: ++this.head, o: 'd', k: key, c: cur.kv.createRevision });
          values.push(undefined);
        }
        continue;
      }
      if (cur && cur.md5 === item.md5) continue;
      const r = this.head + 1;
      const found = (await readStoredValue(this.ctx.stored, item.content)) ?? item.content;
      let value = found;
      try {
        value = this.ctx.restamp(found, r);
      } catch {
        value = found;
      }
      let stored = item.content;
      if (value !== found) {
        try {
          stored = await storedForm(this.ctx.stored, value);
          await this.ctx.client.publish(this.nacosKey(key), stored, { casMd5: item.md5 });
        } catch (err) {
          if (isNacosError(err, 'Conflict')) continue; // changed again: its next notification adopts it
          throw err;
        }
      }
      this.head = r;
      const m = contentMd5(stored);
      entries.push({
        r,
        o: cur ? 'u' : 'c',
        k: key,
        m,
        c: cur?.kv.createRevision ?? r,
        v: this.inline(value),
      });
      values.push(value);
    }
    await this.commit(entries, values);
    await this.checkpoint();
  }
}
