import type { KubeObject } from '@hs/resources';
import type { Predicate, WatchConsumer, WatchEvent, Watcher } from '../store-types.js';

export type EndReason = 'aborted' | 'closed' | 'slow';

/**
 * One watch: a filter plus a bounded queue drained by a single async iterator or, in push mode
 * (`consume`), handed to a synchronous consumer as events commit. Producers never
 * wait: when live events pile up past `queueLimit` the watcher is dropped (endReason 'slow'), so a
 * stalled client cannot block writers or other watchers (unlike the Go original's blocking sends).
 * Initial and replayed events are held apart from the limit.
 */
export class QueueWatcher implements Watcher {
  endReason: EndReason | undefined;
  #initial: WatchEvent[] = [];
  #initialHead = 0;
  #queue: WatchEvent[] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  #iterating = false;
  #sink: ((event: WatchEvent) => boolean) | undefined;
  #paused = false;
  #settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;

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
    if (this.#sink && !this.#paused && this.#head === this.#queue.length) {
      this.#deliver(event);
      return;
    }
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
    if (reason !== 'closed') this.#drop();
    this.onEnd(this);
    this.#signal();
    if (this.#sink) this.#flush();
  }

  #drop(): void {
    this.#queue = [];
    this.#head = 0;
    this.#initial = [];
    this.#initialHead = 0;
  }

  consume(deliver: (event: WatchEvent) => boolean): WatchConsumer {
    if (this.#iterating) throw new Error('a watcher can be iterated or consumed only once');
    this.#iterating = true;
    const done = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    this.#sink = deliver;
    this.#flush();
    return {
      resume: () => {
        this.#paused = false;
        this.#flush();
      },
      stop: () => {
        this.#drop();
        this.end('aborted');
        this.#flush();
      },
      done,
    };
  }

  /** Pushes queued events to the consumer until it blocks; settles once ended and drained. */
  #flush(): void {
    while (!this.#paused && this.#sink) {
      const event = this.#take();
      if (event === undefined) break;
      this.#deliver(event);
    }
    if (this.endReason !== undefined && this.#settle && this.#take(true) === undefined) {
      this.#settle.resolve();
      this.#settle = undefined;
    }
  }

  #deliver(event: WatchEvent): void {
    try {
      if (!this.#sink!(event)) this.#paused = true;
    } catch (err) {
      this.#sink = undefined;
      this.end('aborted');
      this.#settle?.reject(err);
      this.#settle = undefined;
    }
  }

  /** The next event held back (initial, then queued), removed unless `peek`. */
  #take(peek = false): WatchEvent | undefined {
    if (this.#initialHead < this.#initial.length) {
      return this.#initial[peek ? this.#initialHead : this.#initialHead++];
    }
    if (this.#head >= this.#queue.length) return undefined;
    const value = this.#queue[this.#head]!;
    if (peek) return value;
    this.#queue[this.#head++] = undefined as unknown as WatchEvent;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return value;
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
      const value = this.#take();
      if (value !== undefined) return { done: false, value };
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
