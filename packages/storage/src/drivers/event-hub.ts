import { StorageError } from '@hs/apimachinery';
import type { DriverEvent } from '../driver.js';

/**
 * The event log and subscriber fan-out shared by the in-process drivers, in the spirit of kine's
 * broadcaster (pkg/broadcaster/broadcaster.go): a bounded log of committed events serves resumes,
 * and every publish is delivered synchronously, in order, to every subscriber.
 */
export class DriverEventHub {
  readonly #log: DriverEvent[] = [];
  #head = 0;
  /** Events with a revision at or below this one are no longer in the log. */
  #floor: number;
  readonly #limit: number;
  readonly #maxBytes: number;
  /** Bytes of the values the log holds (new and previous values). */
  #bytes = 0;
  readonly #subscribers = new Set<{ after: number; onEvents: (events: DriverEvent[]) => void }>();

  /** `maxBytes` bounds the log by the size of the values it keeps too (default 32 MiB). */
  constructor(options: { limit: number; startRevision: number; maxBytes?: number }) {
    this.#limit = Math.max(1, options.limit);
    this.#maxBytes = options.maxBytes ?? 32 * 2 ** 20;
    this.#floor = options.startRevision;
  }

  /** Appends committed events (increasing revisions) and delivers them to every subscriber. */
  publish(events: DriverEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) {
      this.#log.push(event);
      this.#bytes += bytesOf(event);
    }
    let drop = 0;
    for (
      let size = this.#log.length - this.#head;
      size - drop > this.#limit || (size - drop > 1 && this.#bytes > this.#maxBytes);
      drop++
    ) {
      this.#bytes -= bytesOf(this.#log[this.#head + drop]!);
    }
    if (drop > 0) {
      this.#floor = this.#log[this.#head + drop - 1]!.revision;
      this.#head += drop;
      // Reclaim the dropped prefix now and then instead of shifting on every publish.
      if (this.#head > Math.min(this.#limit, this.#log.length / 2)) {
        this.#log.splice(0, this.#head);
        this.#head = 0;
      }
    }
    for (const sub of this.#subscribers) {
      const fresh = events[0]!.revision > sub.after ? events : events.filter((e) => e.revision > sub.after);
      if (fresh.length === 0) continue;
      sub.after = fresh[fresh.length - 1]!.revision;
      try {
        sub.onEvents(fresh);
      } catch (err) {
        // A subscriber's bug must not fail the write that produced the event.
        console.error('storage: driver subscriber threw', err);
      }
    }
  }

  /**
   * Delivers the logged events after `afterRevision` synchronously, then every later publish.
   * Throws StorageError `Compacted` when the log no longer reaches back to `afterRevision`.
   */
  subscribe(afterRevision: number, onEvents: (events: DriverEvent[]) => void): () => void {
    if (afterRevision < this.#floor) {
      throw new StorageError(
        'Compacted',
        '',
        `revision ${afterRevision} has been compacted (oldest ${this.#floor})`,
        {
          revision: this.#floor,
        },
      );
    }
    const sub = { after: afterRevision, onEvents };
    const backlog = this.#since(afterRevision);
    if (backlog.length > 0) {
      sub.after = backlog[backlog.length - 1]!.revision;
      onEvents(backlog);
    }
    this.#subscribers.add(sub);
    return () => {
      this.#subscribers.delete(sub);
    };
  }

  /** Drops every subscriber (driver close). */
  clear(): void {
    this.#subscribers.clear();
  }

  #since(revision: number): DriverEvent[] {
    let lo = this.#head;
    let hi = this.#log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#log[mid]!.revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return this.#log.slice(lo);
  }
}

function bytesOf(event: DriverEvent): number {
  return event.kv.value.length + (event.type === 'update' ? event.prev.value.length : 0);
}
