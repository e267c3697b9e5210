/**
 * The leader's detector of writes made outside this store (nacos-protocol.md §4.4): one long-poll
 * over every object key plus higress-standalone's `{plural}.__names__` index keys, and a slow full
 * scan for foreign creates nobody announced. Keys whose cache md5 moved away from the logged md5
 * are handed to adoption, which re-checks against the database (cache lag is not a change).
 */
import type { ConfigKey, NacosClient } from '@hs/nacos-client';
import { KV_GROUP, toAddress, toKey } from './key-mapping.js';
import type { StoredKey } from './replica-state.js';

export interface ForeignWatchEvents {
  keys(): ReadonlyMap<string, StoredKey>;
  adopt(keys: string[]): Promise<void>;
  reconcile(): Promise<void>;
}

const NAMES_GROUP = 'DEFAULT_GROUP';
/** Probes per poll (Nacos answers 400 beyond 10,000); keys past it are left to the periodic scan. */
const MAX_PROBES = 10_000;
const pluralOf = (key: string) => key.slice(0, key.indexOf('/'));

export class ForeignWatch {
  private running = false;
  /** Bumped on every start so a loop left over from before a stop() exits. */
  private generation = 0;
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The md5 last seen in the node cache per listened config (parks the poll until it moves). */
  private readonly cacheMd5 = new Map<string, string>();
  /** Plurals seen among the keys (their `__names__` index is listened to); only grows while running. */
  private readonly seenPlurals = new Set<string>();
  /** A poll restart asked for by commits that added or removed keys, not yet run. */
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: NacosClient,
    private readonly tenant: string,
    private readonly timeoutMs: number,
    private readonly reconcileIntervalMs: number,
    private readonly events: ForeignWatchEvents,
    /** Kinds whose higress-standalone `__names__` index is watched even while none is stored. */
    private readonly plurals: readonly string[] = [],
    private readonly lagRecheckMs = 500,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.cacheMd5.clear();
    this.seenPlurals.clear();
    for (const p of this.plurals) this.seenPlurals.add(p);
    for (const key of this.events.keys().keys()) this.seenPlurals.add(pluralOf(key));
    if (this.reconcileIntervalMs > 0) this.schedule();
    // Without the v1 listener (3.2+) a poll over every key costs too much: rely on the scan.
    if (this.client.api.v1Config) void this.loop(++this.generation);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.abort?.abort();
  }

  /**
   * Our own commits: a key we just created is not in the node cache yet, so it is listened to with
   * md5 `''` (parks until the cache has it, instead of reporting the lag as a change); the poll is
   * restarted when keys came or went so it covers the current key set — at most once per
   * lagRecheckMs: every restart sends the whole probe list, and a change made meanwhile is still
   * reported (the new poll compares against the md5 we know).
   */
  committed(entries: ReadonlyArray<{ o: string; k: string }>): void {
    let keysChanged = false;
    for (const e of entries) {
      if (e.o === 'u') continue;
      keysChanged = true;
      if (e.o === 'c') {
        this.cacheMd5.set(e.k, '');
        this.seenPlurals.add(pluralOf(e.k));
      } else this.cacheMd5.delete(e.k);
    }
    if (keysChanged && this.running && this.restartTimer === undefined) {
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.abort?.abort();
      }, this.lagRecheckMs);
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      if (!this.running) return;
      void this.events
        .reconcile()
        .catch(() => undefined)
        .finally(() => this.running && this.schedule());
    }, this.reconcileIntervalMs);
  }

  /** The probes of one poll: the `__names__` index keys, then object keys up to MAX_PROBES in all. */
  private entries(): Array<{ key: ConfigKey; md5: string }> {
    const out: Array<{ key: ConfigKey; md5: string }> = [];
    for (const plural of this.seenPlurals) {
      const id = `${plural}.__names__`;
      out.push({
        key: { tenant: this.tenant, group: NAMES_GROUP, dataId: id },
        md5: this.cacheMd5.get(id) ?? '',
      });
    }
    for (const [key, stored] of this.events.keys()) {
      if (out.length >= MAX_PROBES) break;
      out.push({
        key: { tenant: this.tenant, ...toAddress(key) },
        md5: this.cacheMd5.get(key) ?? stored.md5,
      });
    }
    return out;
  }

  private async loop(generation: number): Promise<void> {
    let backoff = 100;
    while (this.running && generation === this.generation) {
      const entries = this.entries();
      const abort = new AbortController();
      this.abort = abort;
      // Keys whose cache still lags our own write are re-checked after lagRecheckMs: the node cache
      // coalesces, so a foreign delete right after our write may never show up as a change.
      const lagging = entries.filter((e) => {
        const key = toKey(e.key.group, e.key.dataId);
        return key !== undefined && e.md5 !== this.events.keys().get(key)?.md5;
      });
      let recheck = false;
      const timer =
        lagging.length > 0
          ? setTimeout(() => {
              recheck = true;
              abort.abort();
            }, this.lagRecheckMs)
          : undefined;
      try {
        // Learn the current version of index keys first, so that any later change is a real one.
        for (const e of entries) {
          if (e.key.group === NAMES_GROUP && !this.cacheMd5.has(e.key.dataId)) {
            const md5 = (await this.client.get(e.key))?.md5 ?? '';
            this.cacheMd5.set(e.key.dataId, md5);
            e.md5 = md5;
          }
        }
        if (entries.length === 0) {
          await new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve()));
          continue;
        }
        const changed = await this.client
          .listen(entries, { timeoutMs: this.timeoutMs, signal: abort.signal })
          .catch((err: unknown) => {
            if (recheck) return lagging.map((e) => e.key);
            throw err;
          });
        await this.inspect(changed);
        backoff = 100;
      } catch {
        if (!this.running || generation !== this.generation) return;
        if (abort.signal.aborted) continue;
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, 5000);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** Reads the changed configs from the cache; hands keys that differ from the log to adoption. */
  private async inspect(changed: ConfigKey[]): Promise<void> {
    const suspects: string[] = [];
    let names = false;
    for (const c of changed) {
      if (c.group === KV_GROUP) continue;
      const item = await this.client.get(c);
      if (c.group === NAMES_GROUP) {
        names ||= (item?.md5 ?? '') !== this.cacheMd5.get(c.dataId);
        this.cacheMd5.set(c.dataId, item?.md5 ?? '');
        continue;
      }
      const key = toKey(c.group, c.dataId);
      if (key === undefined) continue;
      this.cacheMd5.set(key, item?.md5 ?? '');
      if ((item?.md5 ?? '') !== (this.events.keys().get(key)?.md5 ?? '')) suspects.push(key);
    }
    if (names) await this.events.reconcile();
    if (suspects.length > 0) await this.events.adopt(suspects);
  }
}
