/**
 * The data side of the Nacos test server: authoritative rows (the "database", read by search and
 * detail reads) and one node's dump cache (read by GET and the listener), refreshed `staleReadMs`
 * after a write with repeated changes to a key merged into one dump, as NacosDelayTaskExecuteEngine
 * and ConfigCacheService.dumpWithMd5 do in alibaba/nacos.
 */
import { contentMd5 } from '../md5.js';

export interface Row {
  tenant: string;
  group: string;
  dataId: string;
  content: string;
  md5: string;
  type: string;
  id: number;
  appName: string;
  desc: string;
  createTime: number;
  modifyTime: number;
}

export interface CacheEntry {
  content: string;
  md5: string;
  type: string;
  modifyTime: number;
}

export type ListenedKey = { tenant: string; group: string; dataId: string };
type CacheListener = (key: ListenedKey, md5: string) => void;

export function rowKey(tenant: string, group: string, dataId: string): string {
  return `${tenant}\x02${group}\x02${dataId}`;
}

export class ConfigState {
  readonly rows = new Map<string, Row>();
  readonly cache = new Map<string, CacheEntry>();
  private nextId = 1;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<CacheListener>();
  /** Number of dumps that merged more than one write (coalescing actually exercised). */
  coalescedDumps = 0;
  private readonly writesSinceDump = new Map<string, number>();

  constructor(public staleReadMs = 0) {}

  upsert(
    tenant: string,
    group: string,
    dataId: string,
    fields: Pick<Row, 'content' | 'type' | 'appName' | 'desc'>,
  ) {
    const key = rowKey(tenant, group, dataId);
    const now = Date.now();
    const old = this.rows.get(key);
    const row: Row = {
      tenant,
      group,
      dataId,
      ...fields,
      md5: contentMd5(fields.content),
      id: old?.id ?? this.nextId++,
      createTime: old?.createTime ?? now,
      modifyTime: now,
    };
    this.rows.set(key, row);
    this.scheduleDump(key, { tenant, group, dataId });
    return row;
  }

  remove(tenant: string, group: string, dataId: string): void {
    const key = rowKey(tenant, group, dataId);
    if (!this.rows.delete(key) && !this.cache.has(key)) return;
    this.scheduleDump(key, { tenant, group, dataId });
  }

  onCacheChange(listener: CacheListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cacheMd5(tenant: string, group: string, dataId: string): string {
    return this.cache.get(rowKey(tenant, group, dataId))?.md5 ?? '';
  }

  close(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  private scheduleDump(key: string, addr: ListenedKey) {
    this.writesSinceDump.set(key, (this.writesSinceDump.get(key) ?? 0) + 1);
    if (this.staleReadMs <= 0) return this.dump(key, addr);
    if (this.pending.has(key)) return;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.dump(key, addr);
      }, this.staleReadMs),
    );
  }

  /** Copies the latest row into the cache; notifies listeners only if the md5 changed. */
  private dump(key: string, addr: ListenedKey): void {
    if ((this.writesSinceDump.get(key) ?? 0) > 1) this.coalescedDumps++;
    this.writesSinceDump.delete(key);
    const row = this.rows.get(key);
    const before = this.cache.get(key)?.md5 ?? '';
    if (row)
      this.cache.set(key, { content: row.content, md5: row.md5, type: row.type, modifyTime: row.modifyTime });
    else this.cache.delete(key);
    const after = row?.md5 ?? '';
    if (after !== before) for (const l of this.listeners) l(addr, after);
  }
}
