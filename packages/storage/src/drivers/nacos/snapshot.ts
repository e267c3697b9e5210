/**
 * Reads a consistent starting point from Nacos (nacos-protocol.md §4.4 "cold start or relist"):
 * the change log and its index with database-consistent reads, then every object with one search,
 * matched against the logged md5s. Objects that do not match the log (written by higress-standalone,
 * the Nacos console, a hand edit or an unfinished write) are reported as foreign for adoption.
 */

import { StorageError } from '@hs/apimachinery';
import { type ConfigItem, type NacosClient, searchConfigs } from '@hs/nacos-client';
import { nextTurn } from '../../next-turn.js';
import { type IndexDocument, type LogDocument, type LogEntry, parseIndex, parseLog } from './change-log.js';
import { INDEX_DATA_ID, KV_GROUP, LOG_DATA_ID, toKey } from './key-mapping.js';
import type { StoredKey } from './replica-state.js';
import { readStoredValue } from './stored-value.js';
import type { CachedValues } from './value-cache.js';

/** Items handled between two event-loop turns while a large store is read (the server keeps answering). */
const SLICE = 2000;

export interface Snapshot {
  log: LogDocument | undefined;
  logMd5: string | undefined;
  indexMd5: string | undefined;
  indexRev: number;
  /** The revision the snapshot is consistent at (the log head). */
  revision: number;
  keys: Map<string, StoredKey>;
  /** Objects in Nacos whose content is not the logged one, or that the log does not know. */
  foreign: Array<{ key: string; item: ConfigItem }>;
  /** Logged keys that no longer exist in Nacos. */
  missing: string[];
}

type Record = { r: number; c: number; m: string; v?: string | undefined };

export async function readLog(client: NacosClient, tenant: string) {
  const item = await client.getDetail({ tenant, group: KV_GROUP, dataId: LOG_DATA_ID });
  return item ? { log: parseLog(item.content), md5: item.md5 } : undefined;
}

async function readIndex(client: NacosClient, tenant: string, floor: number) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await client.getDetail({ tenant, group: KV_GROUP, dataId: INDEX_DATA_ID });
    // A large index is stored in parts; a part gone means a newer index replaced it: read again.
    const text = item ? await readStoredValue({ client, tenant }, item.content) : undefined;
    if (item && text === undefined) continue;
    const index: IndexDocument | undefined = text === undefined ? undefined : parseIndex(text);
    if ((index?.rev ?? 0) >= floor) return { index, md5: item?.md5 };
  }
  throw new StorageError(
    'Corrupt',
    'kv.index',
    `the change log starts after ${floor} but no index reaches it`,
  );
}

export function applyEntries(table: Map<string, Record>, entries: LogEntry[], after: number): void {
  for (const e of entries) {
    if (e.r <= after) continue;
    if (e.o === 'd') table.delete(e.k);
    else table.set(e.k, { r: e.r, c: e.c, m: e.m ?? '', v: e.v });
  }
}

/**
 * `known` is what the replica already holds (or its local cache): values whose md5 still matches
 * are reused instead of read again (saves the per-object read of 3.x, whose list has no content).
 */
export async function loadSnapshot(
  client: NacosClient,
  tenant: string,
  known?: CachedValues,
): Promise<Snapshot> {
  const logRead = await readLog(client, tenant);
  const table = new Map<string, Record>();
  let indexMd5: string | undefined;
  let indexRev = 0;
  if (logRead) {
    const { index, md5 } = await readIndex(client, tenant, logRead.log.floor);
    indexMd5 = md5;
    indexRev = index?.rev ?? 0;
    for (const rec of index?.records ?? []) table.set(rec.k, { r: rec.r, c: rec.c, m: rec.m });
    applyEntries(table, logRead.log.entries, index?.rev ?? 0);
  }
  const objects = await readObjects(client, tenant, known);
  const keys = new Map<string, StoredKey>();
  const foreign: Snapshot['foreign'] = [];
  const missing: string[] = [];
  let seen = 0;
  for (const [key, rec] of table) {
    if (++seen % SLICE === 0) await nextTurn();
    const item = objects.get(key);
    const kv = (value: string) => ({ key, value, revision: rec.r, createRevision: rec.c });
    if (item && item.md5 === rec.m) keys.set(key, { kv: kv(item.content), md5: rec.m });
    else if (rec.v !== undefined) keys.set(key, { kv: kv(rec.v), md5: rec.m });
    else if (item) keys.set(key, { kv: kv(item.content), md5: item.md5 });
    if (!item) missing.push(key);
    else if (item.md5 !== rec.m) foreign.push({ key, item });
  }
  for (const [key, item] of objects) if (!table.has(key)) foreign.push({ key, item });
  foreign.sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    log: logRead?.log,
    logMd5: logRead?.md5,
    indexMd5,
    indexRev,
    revision: logRead?.log.head ?? 0,
    keys,
    foreign,
    missing: missing.sort(),
  };
}

/** Every object in the tenant by storage key, values in parts reassembled; `known` as for loadSnapshot. */
async function readObjects(
  client: NacosClient,
  tenant: string,
  known: CachedValues | undefined,
): Promise<Map<string, ConfigItem>> {
  const objects = new Map<string, ConfigItem>();
  const reuse = (k: { group: string; dataId: string }, md5: string) => {
    const key = toKey(k.group, k.dataId);
    const held = key === undefined ? undefined : known?.get(key);
    return held && held.md5 === md5 ? held.kv.value : undefined;
  };
  let seen = 0;
  for await (const item of searchConfigs(client, { tenant, known: reuse })) {
    if (++seen % SLICE === 0) await nextTurn();
    const key = toKey(item.key.group, item.key.dataId);
    if (key === undefined) continue;
    // A value stored in parts (stored-value.ts) is reassembled; one whose parts went (a newer
    // write replaced it meanwhile) stays as read and is replaced by the log entries that follow.
    const value = await readStoredValue({ client, tenant }, item.content);
    objects.set(key, value === undefined ? item : { ...item, content: value });
  }
  return objects;
}

/**
 * The leader's periodic scan against what it holds (no log or index read): objects whose md5 is
 * not the held one or that it does not hold, and held keys not listed. Read while writes go on,
 * so these are suspects only: adoption re-reads each key against the state of its moment. Keys
 * written after `heldAt` (the applied revision when the scan began) are newer than the listing
 * and are no suspects.
 */
export async function scanForeign(
  client: NacosClient,
  tenant: string,
  held: ReadonlyMap<string, StoredKey>,
  heldAt: number,
): Promise<Pick<Snapshot, 'foreign' | 'missing'>> {
  const objects = await readObjects(client, tenant, held);
  const newer = (h: StoredKey | undefined) => (h?.kv.revision ?? 0) > heldAt;
  const foreign: Snapshot['foreign'] = [];
  let seen = 0;
  for (const [key, item] of objects) {
    if (++seen % SLICE === 0) await nextTurn();
    const h = held.get(key);
    if (h?.md5 !== item.md5 && !newer(h)) foreign.push({ key, item });
  }
  const missing: string[] = [];
  for (const [key, h] of held) {
    if (++seen % SLICE === 0) await nextTurn();
    if (!objects.has(key) && !newer(h)) missing.push(key);
  }
  return { foreign, missing };
}
