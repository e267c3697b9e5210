/**
 * The writer lease `_kv/kv.leader` (nacos-protocol.md §4.3), the clock-based model of Kubernetes
 * Lease objects (k8s.io/client-go/tools/leaderelection): the holder renews it by compare-and-set
 * every ttl/3; another replica takes it over once it has seen the record unchanged for a whole ttl
 * of its own clock (no cross-machine clock comparison), or at once when the holder released it.
 * The holder counts its lease valid until ttl after the send time of its last successful renewal,
 * which always ends before anyone else may take over.
 */
import { casAt, isNacosError, type NacosClient } from '@hs/nacos-client';
import { KV_GROUP, LEASE_DATA_ID } from './key-mapping.js';

export interface LeaseRecord {
  holder: string;
  epoch: number;
  renewedAt: number;
  ttlMs: number;
  released?: boolean;
  /** Where the holder accepts forwarded writes, if it does. */
  endpoint?: string;
  token?: string;
}

export interface LeaseEvents {
  /** Called when this replica took the lease; `clean` is false when the previous holder did not release it. */
  acquired(epoch: number, clean: boolean): Promise<void>;
  /** Called when this replica lost or gave up the lease. */
  lost(reason: string): void;
}

export class Lease {
  epoch = 0;
  holding = false;
  /** The newest record seen (the current leader, if any). */
  current: LeaseRecord | undefined;
  private validUntil = 0;
  private myMd5: string | undefined;
  private seenMd5: string | undefined;
  private seenAt = 0;

  constructor(
    private readonly client: NacosClient,
    private readonly tenant: string,
    private readonly holder: string,
    readonly ttlMs: number,
    private readonly advertise: () => { endpoint?: string; token?: string },
    private readonly events: LeaseEvents,
  ) {}

  private get address() {
    return { tenant: this.tenant, group: KV_GROUP, dataId: LEASE_DATA_ID };
  }

  /** True while this replica may write. */
  isValid(): boolean {
    return this.holding && performance.now() < this.validUntil;
  }

  /** One round: renew, or take over an expired/released lease, or observe the holder. */
  async tick(): Promise<void> {
    if (this.holding && performance.now() >= this.validUntil)
      this.drop('the lease expired before it was renewed');
    let item: Awaited<ReturnType<NacosClient['getDetail']>>;
    try {
      item = await this.client.getDetail(this.address);
    } catch (err) {
      if (this.holding && performance.now() >= this.validUntil)
        this.drop(`cannot renew the lease: ${String(err)}`);
      throw err;
    }
    const record = item ? parseRecord(item.content) : undefined;
    this.current = record;
    if (item?.md5 !== this.seenMd5) {
      this.seenMd5 = item?.md5;
      this.seenAt = performance.now();
    }
    if (this.holding) {
      if (item?.md5 !== this.myMd5)
        return this.drop(`another replica (${record?.holder ?? 'none'}) took the lease`);
      await this.write(item?.md5, this.epoch);
      return;
    }
    // Our own record, unchanged since we wrote it, is ours to take back at once (a renewal that came
    // late on a starved machine): nobody took it over, and the CAS below fails if someone just did.
    const ownUnchanged = record?.holder === this.holder && item?.md5 === this.myMd5;
    const expired =
      !record ||
      record.released === true ||
      ownUnchanged ||
      performance.now() - this.seenAt >= (record.ttlMs || this.ttlMs);
    if (!expired) return;
    const clean = !record || record.released === true || record.holder === this.holder;
    const epoch = (record?.epoch ?? 0) + 1;
    if (!(await this.write(item?.md5, epoch))) return;
    this.epoch = epoch;
    this.holding = true;
    await this.events.acquired(epoch, clean);
  }

  /** Writes our record by CAS; false when another replica got there first. */
  private async write(expectedMd5: string | undefined, epoch: number, released = false): Promise<boolean> {
    const sentAt = performance.now();
    const record: LeaseRecord = {
      holder: this.holder,
      epoch,
      renewedAt: Date.now(),
      ttlMs: this.ttlMs,
      ...this.advertise(),
      ...(released ? { released: true } : {}),
    };
    const content = JSON.stringify(record);
    try {
      this.myMd5 = await this.client.publish(this.address, content, { ...casAt(expectedMd5), type: 'json' });
    } catch (err) {
      if (!isNacosError(err, 'Conflict')) throw err;
      if (this.holding) this.drop('another replica took the lease');
      return false;
    }
    this.seenMd5 = this.myMd5;
    this.current = record;
    if (!released) this.validUntil = sentAt + this.ttlMs;
    return true;
  }

  /** Gives the lease up so another replica can take over at once. */
  async release(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    this.validUntil = 0;
    if (this.myMd5) await this.write(this.myMd5, this.epoch, true).catch(() => false);
  }

  /** Stops holding without telling anyone (a crashed replica); others take over after the ttl. */
  abandon(): void {
    this.holding = false;
    this.validUntil = 0;
  }

  private drop(reason: string): void {
    if (!this.holding) return;
    this.holding = false;
    this.validUntil = 0;
    this.events.lost(reason);
  }
}

function parseRecord(content: string): LeaseRecord | undefined {
  try {
    const v = JSON.parse(content) as Partial<LeaseRecord>;
    if (typeof v.holder !== 'string' || typeof v.epoch !== 'number') return undefined;
    return { holder: v.holder, epoch: v.epoch, renewedAt: v.renewedAt ?? 0, ttlMs: v.ttlMs ?? 0, ...v };
  } catch {
    return undefined;
  }
}
