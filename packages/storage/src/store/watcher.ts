import type { KubeObject } from '@hs/resources';
import type { Predicate, WatchEvent, Watcher } from '../store-types.js';
import type { ImpliedObject } from './implied-namespaces.js';

export type EndReason = 'aborted' | 'closed' | 'slow';

/**
 * One watch: a filter plus a bounded queue drained by a single async iterator. Producers never
 * wait: when live events pile up past `queueLimit` the watcher is dropped (endReason 'slow'), so a
 * stalled client cannot block writers or other watchers (unlike the Go original's blocking sends).
 * Initial and replayed events are held apart from the limit.
 */
export class QueueWatcher implements Watcher {
  endReason: EndReason | undefined;
  /** Set when the watch also carries objects implied by namespaces in use (implied-namespaces.ts). */
  implied: ImpliedObject | undefined;
  #initial: WatchEvent[] = [];
  #initialHead = 0;
  #queue: WatchEvent[] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  #iterating = false;

  constructor(
    readonly prefix: string,
    readonly predicate: Predicate | undefined,
    readonly allowBookmarks: boolean,
    private readonly queueLimit: number,
    private readonly onEnd: (watcher: QueueWatcher) => void,
  ) {}

  /** Namespace (key prefix) and predicate. */
  matches(key: string, obj: KubeObject): boolean {
    return key.startsWith(this.prefix) && (this.predicate === undefined || this.predicate(obj));
  }

  /** Events delivered before any live one, not counted against the queue limit. */
  setInitial(events: WatchEvent[]): void {
    this.#initial = events;
  }

  push(event: WatchEvent): void {
    if (this.endReason !== undefined) return;
    if (this.#queue.length - this.#head >= this.queueLimit) {
      this.end('slow');
      return;
    }
    this.#queue.push(event);
    this.#signal();
  }

  /** Ends the watch. A closed watch still yields what is queued (e.g. a final ERROR event); others drop it. */
  end(reason: EndReason): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    if (reason !== 'closed') {
      this.#queue = [];
      this.#head = 0;
      this.#initial = [];
      this.#initialHead = 0;
    }
    this.onEnd(this);
    this.#signal();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    if (this.#iterating) throw new Error('a watcher can be iterated only once');
    this.#iterating = true;
    return {
      next: () => this.#next(),
      return: async () => {
        this.end('aborted');
        return { done: true, value: undefined };
      },
    };
  }

  async #next(): Promise<IteratorResult<WatchEvent>> {
    for (;;) {
      if (this.#initialHead < this.#initial.length) {
        return { done: false, value: this.#initial[this.#initialHead++]! };
      }
      if (this.#head < this.#queue.length) {
        const value = this.#queue[this.#head]!;
        this.#queue[this.#head++] = undefined as unknown as WatchEvent;
        if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
          this.#queue = this.#queue.slice(this.#head);
          this.#head = 0;
        }
        return { done: false, value };
      }
      if (this.endReason !== undefined) return { done: true, value: undefined };
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #signal(): void {
    const wake = this.#wake;
    if (wake) {
      this.#wake = undefined;
      wake();
    }
  }
}
