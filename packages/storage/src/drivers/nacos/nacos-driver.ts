/**
 * The Nacos storage driver (nacos-protocol.md §4): objects stay where higress-standalone keeps
 * them; one leased writer allocates revisions, writes objects by compare-and-set and commits each
 * change to the change log; every replica follows the log by long-poll and serves reads and
 * subscriptions from memory. Followers forward writes to the leader (or answer NotLeader).
 */

import { StorageError } from '@hs/apimachinery';
import { NacosClient } from '@hs/nacos-client';
import type {
  DriverEvent,
  DriverListResult,
  DriverStartOptions,
  Encode,
  KeyValue,
  Restamp,
  StorageDriver,
} from '../../driver.js';
import type { LogEntry } from './change-log.js';
import { ForeignWatch } from './foreign-watch.js';
import { type AsyncEncode, ForwardServer, forwardWrite, type WriteOp } from './forwarding.js';
import { toAddress } from './key-mapping.js';
import { LeaderWrites, type PendingWrite } from './leader-writes.js';
import { Lease } from './lease.js';
import { applyLog } from './log-apply.js';
import { LogFollower } from './log-follower.js';
import { FencedError, LogWriter } from './log-writer.js';
import { toStorageError } from './nacos-errors.js';
import type { NacosDriverOptions } from './options.js';
import { ReplicaState } from './replica-state.js';
import { loadSnapshot, type Snapshot } from './snapshot.js';
import type { StoredValueContext } from './stored-value.js';
import { ValueCacheKeeper } from './value-cache.js';

const MAX_BATCH = 256;
/** etcd's default --max-request-bytes: the largest object kube-apiserver on etcd stores. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

export class NacosDriver implements StorageDriver {
  readonly name = 'nacos';
  /** YAML, as higress-standalone stores it (nacos_rest.go), so both can read each other's data. */
  readonly valueFormat = 'yaml';
  readonly client: NacosClient;
  readonly tenant: string;
  readonly replicaId: string;
  readonly state: ReplicaState;
  readonly lease: Lease;
  /** Why this replica last stopped leading (diagnostics). */
  lastStepDown: string | undefined;
  private readonly writer: LogWriter;
  private readonly stored: StoredValueContext;
  private readonly leader: LeaderWrites;
  private readonly follower: LogFollower;
  private readonly foreign: ForeignWatch;
  private readonly forwardServer: ForwardServer | undefined;
  private readonly cache: ValueCacheKeeper | undefined;
  private readonly failoverGap: number;
  private readonly retryAfter: number;
  private lock: Promise<unknown> = Promise.resolve();
  private role: 'follower' | 'leader' = 'follower';
  private queue: PendingWrite[] = [];
  private draining = false;
  private leaseTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private closed = false;
  /** The snapshot read by start(), reused by a take-over during the first lease round. */
  private startSnapshot: Snapshot | undefined;
  /** The lease loop's last Nacos failure (cleared on success). */
  private problem: string | undefined;
  /** Rewrites adopted foreign values: the option, else the store's (given to `start`), else identity. */
  private restamp: Restamp = (value) => value;

  constructor(readonly options: NacosDriverOptions) {
    this.client =
      options.client ??
      new NacosClient({
        serverUrl: options.serverUrl ?? '',
        username: options.username,
        password: options.password,
      });
    this.tenant = options.namespaceId ?? 'higress-system';
    this.replicaId = options.replicaId ?? `replica-${crypto.randomUUID()}`;
    this.failoverGap = options.failoverGap ?? 1000;
    const ttl = options.leaseTtlMs ?? 10_000;
    const listenMs = options.listenTimeoutMs ?? 30_000;
    this.retryAfter = Math.max(1, Math.ceil(ttl / 1000));
    this.stored = {
      client: this.client,
      tenant: this.tenant,
      entryMaxBytes: options.entryMaxBytes ?? 1024 * 1024,
    };
    this.state = new ReplicaState(options.historyLimit ?? 5000);
    this.writer = new LogWriter(
      this.client,
      this.tenant,
      {
        retain: options.logRetain ?? 500,
        maxEntries: options.logMaxEntries ?? 1000,
        inlineRecent: options.inlineRecent ?? 100,
        inlineBudgetBytes: options.inlineBudgetBytes ?? 256 * 1024,
      },
      this.stored,
    );
    this.leader = new LeaderWrites({
      client: this.client,
      tenant: this.tenant,
      replicaId: this.replicaId,
      state: this.state,
      writer: this.writer,
      restamp: (value, revision) => this.restamp(value, revision),
      inlineMaxBytes: options.inlineMaxBytes ?? 4096,
      stored: this.stored,
      maxValueBytes: options.maxValueBytes ?? MAX_VALUE_BYTES,
      epoch: () => this.lease.epoch,
      committed: (entries) => this.committed(entries),
      resync: (snap) => this.resync(snap),
    });
    this.cache = options.cacheDir
      ? new ValueCacheKeeper(
          options.cacheDir,
          this.tenant,
          () => ({ revision: this.state.applied, keys: this.state.keys }),
          options.cacheIntervalMs ?? 300_000,
        )
      : undefined;
    this.forwardServer = options.forward
      ? new ForwardServer(options.forward, (op, encode) => this.write(op, encode, true))
      : undefined;
    this.lease = new Lease(
      this.client,
      this.tenant,
      this.replicaId,
      ttl,
      () => this.forwardServer?.advertise() ?? {},
      {
        acquired: (epoch, clean) => this.locked(() => this.takeOver(epoch, clean)),
        lost: (reason) => this.stepDown(reason),
      },
    );
    this.follower = new LogFollower(this.client, this.tenant, listenMs, {
      // Leaders write the log themselves and never apply it from Nacos.
      pull: (doc) =>
        this.locked(() =>
          this.role === 'leader'
            ? undefined
            : applyLog(
                {
                  client: this.client,
                  tenant: this.tenant,
                  state: this.state,
                  stored: this.stored,
                  resync: (snap) => this.resync(snap),
                },
                doc,
              ),
        ),
    });
    this.foreign = new ForeignWatch(
      this.client,
      this.tenant,
      listenMs,
      options.reconcileIntervalMs ?? 60_000,
      {
        keys: () => this.state.keys,
        adopt: (keys) =>
          this.locked(() => (this.role === 'leader' ? this.leader.adoptKeys(keys) : undefined)),
        reconcile: () => this.reconcile(),
      },
      options.plurals ?? [],
    );
  }

  async start(startOptions: DriverStartOptions = {}): Promise<void> {
    const restamp = this.options.restamp ?? startOptions.restamp;
    if (restamp) this.restamp = restamp;
    await this.client.connect();
    await this.forwardServer?.start();
    const cached = await this.cache?.read();
    if (cached?.problem) console.error(`storage: ignoring the Nacos value cache: ${cached.problem}`);
    const snap = await loadSnapshot(this.client, this.tenant, cached?.values);
    this.state.replace(snap.keys, snap.revision, snap.revision);
    this.state.resetHistory(snap.revision);
    this.follower.seen(snap.logMd5);
    this.startSnapshot = snap;
    await this.tickNow();
    this.startSnapshot = undefined;
    if (this.role !== 'leader') this.follower.start();
    this.cache?.start();
  }

  currentRevision(): number {
    return this.state.published;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    toAddress(key);
    return this.state.keys.get(key)?.kv;
  }

  async list(prefix: string): Promise<DriverListResult> {
    return { revision: this.state.applied, kvs: this.state.list(prefix) };
  }

  subscribe(afterRevision: number, onEvents: (events: DriverEvent[]) => void): () => void {
    return this.state.hub.subscribe(afterRevision, onEvents);
  }

  health(): string | undefined {
    const problem = this.problem ?? (this.role === 'leader' ? undefined : this.follower.problem);
    return problem ? `nacos: ${problem}` : undefined;
  }

  create(key: string, encode: Encode): Promise<KeyValue> {
    return this.write({ op: 'create', key }, encode) as Promise<KeyValue>;
  }

  update(key: string, expectedRevision: number, encode: Encode): Promise<KeyValue> {
    return this.write({ op: 'update', key, expectedRevision }, encode) as Promise<KeyValue>;
  }

  delete(key: string, expectedRevision?: number): Promise<{ revision: number; kv: KeyValue }> {
    return this.write({ op: 'delete', key, expectedRevision }, () => '') as Promise<{
      revision: number;
      kv: KeyValue;
    }>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.stopLoops();
    await this.locked(async () => {
      await this.leader.settled();
      if (this.role === 'leader') await this.lease.release();
      this.role = 'follower';
    });
    await this.cache?.stop();
    await this.forwardServer?.close();
    this.state.hub.clear();
  }

  /** Stops like a crashed process: the lease is neither renewed nor released. For failover tests. */
  async abandon(): Promise<void> {
    this.stopLoops();
    this.lease.abandon();
    this.role = 'follower';
    await this.forwardServer?.close();
    this.state.hub.clear();
  }

  private stopLoops(): void {
    this.closed = true;
    clearTimeout(this.leaseTimer);
    this.follower.stop();
    this.foreign.stop();
  }

  private locked<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Runs a lease round now (or joins the one in flight); rounds never overlap. */
  private tickNow(): Promise<void> {
    if (this.ticking) return this.ticking;
    clearTimeout(this.leaseTimer);
    this.ticking = this.leaseTick().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async leaseTick(): Promise<void> {
    try {
      await this.lease.tick();
      this.problem = undefined;
    } catch (err) {
      this.problem = `lease: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (this.closed) return;
    this.leaseTimer = setTimeout(() => void this.tickNow(), Math.max(50, this.lease.ttlMs / 3));
  }

  /**
   * Leaders stop following the log (they write it); a replica that steps down follows again. One
   * that still holds the lease (fenced: the log moved under it, as after a publish Nacos applied
   * but never answered) gives it up: renewing it as a follower would keep every replica from
   * writing. The next lease round takes over from a fresh snapshot.
   */
  private stepDown(reason: string): void {
    if (this.role !== 'leader') return;
    this.role = 'follower';
    this.lastStepDown = reason;
    this.foreign.stop();
    void this.lease.release();
    if (!this.closed) this.follower.start();
  }

  private async takeOver(epoch: number, clean: boolean): Promise<void> {
    try {
      // Right after start the snapshot just read is reused: if the log moved since, the CAS below
      // fails and the next lease round tries again with a fresh one.
      const snap = this.startSnapshot ?? (await loadSnapshot(this.client, this.tenant, this.state.keys));
      this.startSnapshot = undefined;
      this.resync(snap);
      this.writer.log = snap.log ?? { epoch, head: 0, floor: 0, holder: this.replicaId, entries: [] };
      this.writer.logMd5 = snap.logMd5;
      this.writer.indexMd5 = snap.indexMd5;
      this.writer.indexRev = snap.indexRev;
      // A holder that did not release may still have writes in flight with revisions above the
      // head: skip past them so no revision is handed out twice.
      const gap = clean || !snap.log ? 0 : this.failoverGap;
      this.leader.head = Math.max(this.state.applied, snap.revision) + gap;
      await this.writer.write({ ...this.writer.log, epoch, holder: this.replicaId, head: this.leader.head });
      this.state.applied = Math.max(this.state.applied, this.leader.head);
      this.follower.stop();
      this.follower.seen(this.writer.logMd5);
      this.role = 'leader';
      this.leader.dirty = false;
      await this.leader.adopt(snap);
      this.foreign.start();
    } catch (err) {
      this.role = 'follower';
      this.problem = `taking over the lease failed: ${err instanceof Error ? err.message : String(err)}`;
      await this.lease.release();
      if (!this.closed) this.follower.start();
    }
  }

  private resync(snap: Snapshot): void {
    this.state.replace(snap.keys, snap.revision, Math.max(snap.indexRev, this.state.applied + 1));
    this.follower.seen(snap.logMd5);
  }

  private committed(entries: LogEntry[]): void {
    this.follower.seen(this.writer.logMd5);
    this.foreign.committed(entries);
  }

  /** The periodic scan: read outside the write lane, adopted inside it (leader-writes.ts `scan`). */
  private async reconcile(): Promise<void> {
    if (this.role !== 'leader') return;
    try {
      const snap = await this.leader.scan();
      await this.locked(() => (this.role === 'leader' ? this.leader.adopt(snap) : undefined));
    } catch (err) {
      if (err instanceof FencedError) await this.locked(() => this.stepDown(err.message));
      else throw err;
    }
  }

  private write(op: WriteOp, encode: AsyncEncode, forwarded = false, retry = true): Promise<unknown> {
    try {
      toAddress(op.key);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.role !== 'leader') return this.notLeader(op, encode, forwarded, retry);
    return new Promise((resolve, reject) => {
      this.queue.push({ op, encode, resolve, reject });
      this.drain();
    }).catch((err: unknown) => {
      if (err instanceof FencedError) {
        this.stepDown(err.message);
        throw new StorageError('NotLeader', op.key, 'this replica lost the writer lease', {
          retryAfterSeconds: this.retryAfter,
        });
      }
      throw toStorageError(err, op.key, this.retryAfter);
    });
  }

  /** Group commit: each round takes the queued writes (one per key) as one batch. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    void this.locked(async () => {
      while (this.queue.length > 0) {
        const keys = new Set<string>();
        const batch: PendingWrite[] = [];
        const rest: PendingWrite[] = [];
        for (const w of this.queue) {
          if (batch.length < MAX_BATCH && !keys.has(w.op.key)) {
            keys.add(w.op.key);
            batch.push(w);
          } else rest.push(w);
        }
        this.queue = rest;
        if (this.role !== 'leader' || !this.lease.isValid()) {
          this.stepDown('the lease is no longer valid');
          for (const w of batch) this.notLeader(w.op, w.encode, true, true).then(w.resolve, w.reject);
          continue;
        }
        await this.leader.runBatch(batch);
      }
    }).finally(() => {
      this.draining = false;
      if (this.queue.length > 0) this.drain();
    });
  }

  private async notLeader(
    op: WriteOp,
    encode: AsyncEncode,
    forwarded: boolean,
    retry: boolean,
  ): Promise<unknown> {
    let leader = this.lease.current;
    if (retry && !this.closed && (!leader || leader.released || leader.holder === this.replicaId)) {
      // Nobody else holds the lease: one lease round (take it, or learn who has it) before answering.
      await this.tickNow();
      if (this.role === 'leader') return this.write(op, encode, forwarded, false);
      leader = this.lease.current;
    }
    if (
      !forwarded &&
      this.forwardServer &&
      leader?.endpoint &&
      leader.token &&
      !leader.released &&
      leader.holder !== this.replicaId
    ) {
      const result = await forwardWrite(
        { endpoint: leader.endpoint, token: leader.token },
        op,
        encode as Encode,
        this.retryAfter,
      );
      // Read-your-writes: answer once this replica's log follower has applied the write.
      const revision = (result as { revision?: unknown } | undefined)?.revision;
      if (typeof revision === 'number') await this.state.whenApplied(revision, 10_000);
      return result;
    }
    const problem = this.health();
    if (problem) {
      throw new StorageError('Unreachable', op.key, `Nacos is unavailable: ${problem}`, {
        retryAfterSeconds: this.retryAfter,
      });
    }
    throw new StorageError('NotLeader', op.key, `replica ${this.replicaId} does not hold the writer lease`, {
      retryAfterSeconds: this.retryAfter,
    });
  }
}
