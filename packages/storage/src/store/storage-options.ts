import type { ValueTransformer } from '@hs/apimachinery';
import type { Registry } from '@hs/resources';
import type { StorageDriver } from '../driver.js';

export interface CreateStorageOptions {
  driver: StorageDriver;
  /** Kinds to serve from the start; others are registered by `storage.for(definition)`. */
  registry?: Registry;
  /** Applied to kinds with `encryptAtRest` (default: identity). */
  transformer?: ValueTransformer;
  /** Events kept per resource for watch resumes and paging snapshots (default 10,000). */
  historyLimit?: number;
  /** Bytes of stored values each resource's history may hold, besides the count (default 32 MiB). */
  historyBytes?: number;
  /** Period of BOOKMARK events for watchers that allow them (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Live events a watcher may have queued before it is dropped as slow (default 10,000). */
  watcherQueueLimit?: number;
  /** How long a read waits for a resourceVersion the cache has not reached yet (default 3 s). */
  futureRevisionWaitMs?: number;
  /**
   * Objects decoded per turn of the event loop while the cache warms up after start (default
   * 500). Until every object loaded at start is decoded, `health()` reports the warm-up, so
   * `/readyz` is false, while requests are already served (decoding what they need on demand).
   */
  warmSliceSize?: number;
  now?: () => Date;
}
