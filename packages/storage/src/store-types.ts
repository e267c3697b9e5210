/**
 * The resource store contract: the generic registry store of kubernetes/apiserver
 * (pkg/registry/generic/registry/store.go) reduced to what this server needs. One `Storage` holds
 * one driver, one global resourceVersion, a decoded cache of every object and a bounded event
 * history; `storage.for(definition)` gives the per-kind view the API server calls.
 */
import type { FieldCause, KubeObject, ResourceDefinition } from '@hs/resources';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/** Decides whether an object is selected (label + field selectors, compiled by the caller). */
export type Predicate = (obj: KubeObject) => boolean;

export interface ListOptions {
  /** Restrict to one namespace (namespaced kinds); undefined = all namespaces. */
  namespace?: string | undefined;
  predicate?: Predicate | undefined;
  /** Page size; 0/undefined = everything. */
  limit?: number | undefined;
  /** Continue token from a previous page. Throws StorageError `Compacted` when it is too old. */
  continue?: string | undefined;
  /** '' / undefined = most recent; '0' = any (served from cache); N = not older than / exactly N. */
  resourceVersion?: string | undefined;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact' | undefined;
  /**
   * Leave out objects implied by namespaces in use (`impliedByNamespace`): what is stored, not what
   * is derived from it, for readers that copy the store (backup). API clients always see them.
   */
  storedOnly?: boolean | undefined;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchOptions {
  namespace?: string | undefined;
  predicate?: Predicate | undefined;
  /** '' / undefined / '0': start with synthetic ADDED events for the current state; N: events after N. */
  resourceVersion?: string | undefined;
  /** With a resourceVersion N: send ADDED for the state at N first, then a `k8s.io/initial-events-end` BOOKMARK. */
  sendInitialEvents?: boolean | undefined;
  /** Emit periodic BOOKMARK events (never emitted otherwise). */
  allowBookmarks?: boolean | undefined;
  signal: AbortSignal;
}

/**
 * A running watch. Iterating yields events in resourceVersion order; the iteration ends when the
 * signal aborts, when the watcher falls too far behind (it is dropped, never blocking others) or
 * when the store closes.
 */
export interface Watcher extends AsyncIterable<WatchEvent> {
  /** Why the watch ended: 'aborted' | 'closed' | 'slow' (dropped for lagging). */
  readonly endReason: 'aborted' | 'closed' | 'slow' | undefined;
  /**
   * Push mode, where offered: the alternative to iterating, without a promise per event.
   * `deliver` is called synchronously for every event, queued ones first, as it is committed;
   * while it answers false the watcher queues (still bounded: a consumer that stays blocked is
   * dropped as 'slow') until `resume()`. A watcher is either iterated or consumed, once.
   */
  consume?(deliver: (event: WatchEvent) => boolean): WatchConsumer;
}

export interface WatchConsumer {
  /** Delivers what queued while `deliver` was blocked, then pushes directly again. */
  resume(): void;
  /** Ends the watch now, dropping anything queued (the consumer went away). */
  stop(): void;
  /** Settles when the watch has ended and everything it was to deliver was delivered; rejects when `deliver` threw. */
  readonly done: Promise<void>;
}

export interface Preconditions {
  uid?: string | undefined;
  resourceVersion?: string | undefined;
}

export interface GetOptions {
  /**
   * Return the cache's frozen object, shared with every other reader, instead of a private mutable
   * copy. For read-only callers on hot paths (the API server's GET), which must never modify it.
   */
  shared?: boolean | undefined;
}

/**
 * A write made by an API request (create, update, patch): the store shapes its object as the
 * registry strategy does before preparing it (see `write-strategy.ts`).
 */
export interface ApiWrite {
  /**
   * `status`: the write targets `/status` and changes only status. Absent: the main resource,
   * which for kinds declaring `subresources.status` keeps the stored status.
   */
  subresource?: 'status' | undefined;
  /** Records the fields the write changes for this manager; absent when the request did (apply). */
  fieldManager?: string | undefined;
}

/**
 * Checks the object a write is about to store (shaped, not yet prepared) against its current
 * version (undefined for a create), as the createValidation/updateValidation functions the
 * generic registry Store calls; throwing aborts the write.
 */
export type Admit = (next: KubeObject, current: KubeObject | undefined) => void | Promise<void>;

export interface WriteOptions {
  /** Validate and compute the result, never persist or emit events. */
  dryRun?: boolean | undefined;
  /** An API request's write; absent: the object is stored as given (restores, seeds, re-encryption). */
  api?: ApiWrite | undefined;
  admit?: Admit | undefined;
}

/** Thrown by the store when an object fails its schema or strategy validation. No HTTP knowledge. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly kind: string,
    readonly objectName: string,
    readonly causes: FieldCause[],
  ) {
    super(`${kind} "${objectName}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`);
  }
}

/** Computes the desired object from the current one; may throw to abort (e.g. a StatusError). */
export type TryUpdate = (current: KubeObject | undefined) => KubeObject | Promise<KubeObject>;

export interface UpdateOptions extends WriteOptions {
  preconditions?: Preconditions | undefined;
  /** Create when absent (PUT on a missing object for kinds that allow it, server-side apply). */
  allowCreate?: boolean | undefined;
}

export interface DeleteOptions extends WriteOptions {
  preconditions?: Preconditions | undefined;
  /** The grace period the request asks for (DeleteOptions.gracePeriodSeconds), for kinds that delete gracefully. */
  gracePeriodSeconds?: number | undefined;
}

/** The per-kind view. Namespace arguments are ignored (must be undefined) for cluster-scoped kinds. */
export interface ResourceStore {
  readonly definition: ResourceDefinition;
  /** Throws StorageError `KeyNotFound`. A private mutable copy unless `shared` is asked for. */
  get(namespace: string | undefined, name: string, options?: GetOptions): Promise<KubeObject>;
  list(options: ListOptions): Promise<ListResult>;
  /**
   * Stores a new object: fills uid, creationTimestamp, generation 1 and resourceVersion, resolves
   * `generateName`, applies the strategy and validates. Throws `KeyExists` or ValidationError.
   */
  create(obj: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /**
   * GuaranteedUpdate: reads the current object, calls `tryUpdate`, and writes the result with
   * compare-and-set, retrying `tryUpdate` on a lost race. If the returned object carries a
   * `metadata.resourceVersion` different from the current one, throws StorageError `Conflict`
   * (optimistic concurrency). A result equal to the current object is not written and keeps its
   * resourceVersion. `generation` is bumped only when fields outside metadata and status change.
   */
  update(
    namespace: string | undefined,
    name: string,
    tryUpdate: TryUpdate,
    options?: UpdateOptions,
  ): Promise<{ object: KubeObject; created: boolean }>;
  /**
   * Deletes, honouring preconditions. With finalizers present, sets `deletionTimestamp` instead and
   * returns `deleted: false`; the object goes away when an update empties its finalizers.
   */
  delete(
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): Promise<{ object: KubeObject; deleted: boolean }>;
  /** Starts a watch; throws StorageError `Compacted` (→ 410 Expired) when the resourceVersion is too old. */
  watch(options: WatchOptions): Promise<Watcher>;
}

export interface Storage {
  for(definition: ResourceDefinition): ResourceStore;
  /** The newest resourceVersion of the whole store (decimal string). */
  currentResourceVersion(): string;
  /** Namespaces that hold at least one object, of any kind. */
  namespacesInUse(): readonly string[];
  /** The resourceVersion at which a namespace came into use; undefined when it holds nothing. */
  namespaceInUseSince(namespace: string): string | undefined;
  /** undefined when healthy, else a short reason for `/readyz`. */
  health(): string | undefined;
  close(): Promise<void>;
}
