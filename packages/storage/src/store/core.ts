import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { Encode, StorageDriver } from '../driver.js';

/**
 * What a per-kind store (reads, writes, watches) needs of the shared storage: the driver to
 * write through, the cache's revision and the means to wait for it, the encoder that memoises
 * what this process wrote, and bookmarks. Implemented by `StorageCore`; nothing here knows the
 * factory, so the per-kind modules sit below it.
 */
export interface StoreCore {
  readonly driver: Pick<StorageDriver, 'create' | 'update' | 'delete'>;
  /** The newest driver revision applied to the cache. */
  readonly revision: number;
  readonly now: () => Date;
  /** Live events a watcher may have queued before it is dropped as slow. */
  readonly queueLimit: number;
  /** Waits until the cache has applied `revision`; false when the wait times out first. */
  waitFor(revision: number): Promise<boolean>;
  /** Consistent read: waits until the cache reflects every write the driver has committed. */
  fresh(key: string): Promise<void>;
  /** The driver `Encode` for an object; records what it wrote under `written` (see `forget`). */
  encoder(def: ResourceDefinition, key: string, obj: KubeObject, written: string[]): Encode;
  /** Drops memo entries of a finished write that the cache did not consume. */
  forget(written: string[]): void;
  /** A BOOKMARK object of the kind at the current revision. */
  bookmarkObject(def: ResourceDefinition, annotations?: Record<string, string>): KubeObject;
}
