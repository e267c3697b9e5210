/**
 * A follower applying a change-log version: entries above the applied revision, in order, with
 * inline values or, for large values, the object read from Nacos and checked against the logged
 * md5 (cache first, then the database). When the log no longer reaches back to the applied
 * revision, or a value is gone, the replica resynchronises from a fresh snapshot instead.
 */
import type { NacosClient } from '@hs/nacos-client';
import type { DriverEvent } from '../../driver.js';
import type { LogDocument, LogEntry } from './change-log.js';
import { toAddress } from './key-mapping.js';
import type { ReplicaState } from './replica-state.js';
import { loadSnapshot, type Snapshot } from './snapshot.js';
import { readStoredValue, type StoredValueContext } from './stored-value.js';

export interface ApplyContext {
  client: NacosClient;
  tenant: string;
  state: ReplicaState;
  stored: StoredValueContext;
  resync(snap: Snapshot): void;
}

export async function applyLog(ctx: ApplyContext, doc: LogDocument): Promise<void> {
  const { state } = ctx;
  const fresh = doc.entries.filter((e) => e.r > state.applied);
  if (doc.head <= state.applied && fresh.length === 0) return;
  if (doc.floor > state.applied)
    return ctx.resync(await loadSnapshot(ctx.client, ctx.tenant, ctx.state.keys));
  const events: Array<DriverEvent | undefined> = [];
  for (const e of fresh) {
    const value = e.o === 'd' ? undefined : (e.v ?? (await fetchValue(ctx, e)));
    if (e.o !== 'd' && value === undefined) {
      state.publish(events);
      return ctx.resync(await loadSnapshot(ctx.client, ctx.tenant, ctx.state.keys));
    }
    events.push(state.apply(e, value));
  }
  state.publish(events);
  state.applied = Math.max(state.applied, doc.head);
}

/** The value an entry committed, if Nacos still holds exactly it. */
async function fetchValue(ctx: ApplyContext, e: LogEntry): Promise<string | undefined> {
  const key = { tenant: ctx.tenant, ...toAddress(e.k) };
  const cached = await ctx.client.get(key);
  if (cached && cached.md5 === e.m) return readStoredValue(ctx.stored, cached.content);
  const stored = await ctx.client.getDetail(key);
  return stored && stored.md5 === e.m ? readStoredValue(ctx.stored, stored.content) : undefined;
}
