/**
 * The storage driver contract, in the spirit of kine's `Backend` (pkg/server/types.go): keys,
 * opaque string values and one global, monotonic revision. Drivers know nothing of Kubernetes
 * objects, HTTP or selectors; the resource store above them owns all of that.
 *
 * Keys are `<plural>/<namespace>/<name>` for namespaced objects and `<plural>/<name>` for
 * cluster-scoped ones (plurals are unique across the registry). Drivers may map them to their own
 * layout (file paths, Nacos group/dataId) but must round-trip them exactly.
 */

/** One stored value at its revision. */
export interface KeyValue {
  key: string;
  value: string;
  /** The revision of the write that produced this value (etcd's mod_revision). */
  revision: number;
  /** The revision at which the key was created (etcd's create_revision). */
  createRevision: number;
}

/** A committed change, delivered to subscribers in strictly increasing `revision` order. */
export type DriverEvent =
  | { type: 'create'; revision: number; kv: KeyValue }
  | { type: 'update'; revision: number; kv: KeyValue; prev: KeyValue }
  /** `kv` is the last stored value; `revision` is the revision of the delete itself. */
  | { type: 'delete'; revision: number; kv: KeyValue };

/**
 * Produces the value to store for a given revision. Drivers call it once they have allocated the
 * revision, so a value can embed its own resourceVersion (Nacos and file drivers need that).
 */
export type Encode = (revision: number) => string;

/**
 * Rewrites a value adopted from outside (a hand-edited file, a foreign Nacos writer) so that it
 * embeds the revision the driver assigned to it. Provided by the store (`DriverStartOptions`);
 * identity if absent. Drivers never parse values themselves: the value format is the store's.
 */
export type Restamp = (value: string, revision: number) => string;

/** What the store hands a driver when it starts it. */
export interface DriverStartOptions {
  /** The store's restamp for values adopted from outside; a driver's own `restamp` option wins. */
  restamp?: Restamp | undefined;
}

export interface DriverListResult {
  /** The revision the listing is consistent at. */
  revision: number;
  kvs: KeyValue[];
}

export interface StorageDriver {
  readonly name: string;
  /**
   * The encoding the store should use for values written through this driver: `json` (compact,
   * fast) or `yaml` (human-editable files, Nacos content). Absent = `json`.
   */
  readonly valueFormat?: 'json' | 'yaml';
  /** Loads or recovers state; must be called once before any other method. */
  start(options?: DriverStartOptions): Promise<void>;
  /** The newest committed revision (0 for an empty store). */
  currentRevision(): number;
  /** The value at `key`, or undefined. */
  get(key: string): Promise<KeyValue | undefined>;
  /** Every key starting with `prefix` (`''` = all), sorted by key, consistent at one revision. */
  list(prefix: string): Promise<DriverListResult>;
  /** Creates `key`. Throws StorageError `KeyExists` if present. Durable when it resolves. */
  create(key: string, encode: Encode): Promise<KeyValue>;
  /**
   * Replaces `key` if its current revision is `expectedRevision`. Throws `KeyNotFound` if absent,
   * `Conflict` if the revision moved. Durable when it resolves.
   */
  update(key: string, expectedRevision: number, encode: Encode): Promise<KeyValue>;
  /**
   * Deletes `key` (only at `expectedRevision` when given). Returns the delete event's revision and the
   * last value. Throws `KeyNotFound` / `Conflict`.
   */
  delete(key: string, expectedRevision?: number): Promise<{ revision: number; kv: KeyValue }>;
  /**
   * Delivers every committed event with revision > `afterRevision`, in order, including changes
   * made outside this process (hand edits, other replicas). Throws `Compacted` if events after
   * `afterRevision` are no longer available. Returns an unsubscribe function.
   */
  subscribe(afterRevision: number, onEvents: (events: DriverEvent[]) => void): () => void;
  /** Health for `/readyz`: undefined when healthy, else a short reason. */
  health(): string | undefined;
  close(): Promise<void>;
}
