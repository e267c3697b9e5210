/**
 * A log of events in increasing revision order, bounded by count and by bytes (down to the newest
 * event), as kube-apiserver's watch cache and etcd's compaction keep a window of recent history
 * (k8s.io/apiserver pkg/storage/cacher/watch_cache.go). Dropped events move `floor` up: every event
 * with a revision above `floor` is still in the log.
 */
export class RevisionLog<T extends { revision: number }> {
  #events: T[] = [];
  #head = 0;
  #bytes = 0;
  #floor: number;
  readonly #limit: number;
  readonly #maxBytes: number;

  constructor(options: {
    startRevision: number;
    limit: number;
    /** Size counted against `maxBytes` for one event. */
    bytesOf: (event: T) => number;
    /** Default 32 MiB. */
    maxBytes?: number;
  }) {
    this.#floor = options.startRevision;
    this.#limit = Math.max(1, options.limit);
    this.#maxBytes = options.maxBytes ?? 32 * 2 ** 20;
    this.#bytesOf = options.bytesOf;
  }

  readonly #bytesOf: (event: T) => number;

  /** Events with a revision at or below this one are no longer in the log. */
  get floor(): number {
    return this.#floor;
  }

  /** Declares that events at or below `revision` are not all here (they were never logged). */
  raiseFloor(revision: number): void {
    this.#floor = Math.max(this.#floor, revision);
  }

  /** Appends events (revisions above every logged one), then drops the oldest beyond the bounds. */
  append(events: readonly T[]): void {
    for (const event of events) {
      this.#events.push(event);
      this.#bytes += this.#bytesOf(event);
    }
    for (;;) {
      const size = this.#events.length - this.#head;
      if (size <= this.#limit && (size <= 1 || this.#bytes <= this.#maxBytes)) break;
      const dropped = this.#events[this.#head]!;
      this.#bytes -= this.#bytesOf(dropped);
      this.#floor = dropped.revision;
      this.#events[this.#head++] = undefined as unknown as T;
    }
    // Reclaim the dropped prefix now and then instead of shifting on every append.
    if (this.#head > Math.min(this.#limit, this.#events.length / 2)) {
      this.#events = this.#events.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The logged events with a revision above `revision`, oldest first (binary search). */
  after(revision: number): T[] {
    let lo = this.#head;
    let hi = this.#events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#events[mid]!.revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return this.#events.slice(lo);
  }
}
