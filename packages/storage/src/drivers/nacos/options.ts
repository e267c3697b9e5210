import type { NacosClient } from '@hs/nacos-client';
import type { Restamp } from '../../driver.js';

export interface NacosDriverOptions {
  /** A client to use (not connected yet), or the server settings to build one from. */
  client?: NacosClient;
  /** Base URL with the context path, e.g. `http://127.0.0.1:8848/nacos`. */
  serverUrl?: string;
  username?: string | undefined;
  password?: string | undefined;
  /** The Nacos namespace (tenant) holding the objects: `--nacos-ns-id`, default `higress-system`. */
  namespaceId?: string;
  /** This replica's identity in the lease; random by default. */
  replicaId?: string;
  /** Rewrites adopted foreign values to embed their new revision; default: the store's (see `start`). */
  restamp?: Restamp;
  /** Writer lease time to live. Default 10 s; renewed every ttl/3. */
  leaseTtlMs?: number;
  /** Long-poll hold time. Default 30 s. */
  listenTimeoutMs?: number;
  /** Events kept in memory for resuming subscriptions. Default 5000. */
  historyLimit?: number;
  /** Log entries kept after a compaction (default 500) and the size that triggers one (default 1000). */
  logRetain?: number;
  logMaxEntries?: number;
  /** Values up to this size travel inline in the log (default 4 KiB) … */
  inlineMaxBytes?: number;
  /** … for the newest this-many entries (default 100) … */
  inlineRecent?: number;
  /** … within this many bytes in total (default 256 KiB): the log stays well under Nacos' ~1 MB. */
  inlineBudgetBytes?: number;
  /** Revisions skipped when taking over from a holder that did not release the lease. Default 1000. */
  failoverGap?: number;
  /** Plurals whose higress-standalone `{plural}.__names__` index is watched for foreign creates. */
  plurals?: readonly string[];
  /**
   * Largest form-encoded content of one Nacos entry (default 1 MiB, under Nacos' 2 MiB form-body
   * limit with room for the other parameters); larger values are stored in parts (stored-value.ts).
   */
  entryMaxBytes?: number;
  /** Largest value accepted; default 1.5 MiB (etcd's default request limit, as kube-apiserver). */
  maxValueBytes?: number;
  /**
   * A local directory for a copy of the held values (value-cache.ts), so a restart reads only what
   * changed in Nacos; none by default. Written every `cacheIntervalMs` (default 5 min) when
   * something changed, and on close.
   */
  cacheDir?: string;
  cacheIntervalMs?: number;
  /** Full adoption scan period on the leader (catches foreign creates); 0 disables. Default 60 s. */
  reconcileIntervalMs?: number;
  /**
   * Accept writes forwarded from followers on this loopback/LAN address, advertised in the lease.
   * Without it followers answer NotLeader. `host` defaults to 127.0.0.1, `port` to 0 (any).
   */
  forward?: { host?: string; port?: number; advertiseHost?: string } | undefined;
}
