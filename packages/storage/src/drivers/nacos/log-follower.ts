/**
 * Follows the change log by long-poll (nacos-protocol.md §4.4): one listener on `_kv/kv.log`;
 * on each change the log is read from the node cache and handed over for applying. Failures are
 * reported and retried with capped exponential backoff, so subscribers continue after an outage.
 */
import type { NacosClient } from '@hs/nacos-client';
import { type LogDocument, parseLog } from './change-log.js';
import { KV_GROUP, LOG_DATA_ID } from './key-mapping.js';

export interface LogFollowerEvents {
  pull(doc: LogDocument, md5: string): Promise<void>;
}

export class LogFollower {
  /** The last failure, undefined once a round succeeds. */
  problem: string | undefined;
  private md5 = '';
  private abort: AbortController | undefined;
  private running = false;
  /** Bumped on every start so a loop left over from before a stop() exits. */
  private generation = 0;

  constructor(
    private readonly client: NacosClient,
    private readonly tenant: string,
    private readonly timeoutMs: number,
    private readonly events: LogFollowerEvents,
  ) {}

  /** Records a log version this replica already has (read at start, or written as leader). */
  seen(md5: string | undefined): void {
    if (md5 !== undefined) this.md5 = md5;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop(++this.generation);
  }

  stop(): void {
    this.running = false;
    this.abort?.abort();
  }

  private async loop(generation: number): Promise<void> {
    const key = { tenant: this.tenant, group: KV_GROUP, dataId: LOG_DATA_ID };
    let backoff = 100;
    while (this.running && generation === this.generation) {
      this.abort = new AbortController();
      try {
        // After a failure, read once before parking: it proves Nacos is back (clearing the problem
        // at once rather than after a whole long-poll) and catches up on anything missed.
        const changed =
          this.problem !== undefined
            ? [key]
            : await this.client.listen([{ key, md5: this.md5 }], {
                timeoutMs: this.timeoutMs,
                signal: this.abort.signal,
              });
        if (changed.length > 0) {
          const item = await this.client.get(key, this.abort.signal);
          if (item && item.md5 !== this.md5) {
            await this.events.pull(parseLog(item.content), item.md5);
            this.md5 = item.md5;
          }
        }
        this.problem = undefined;
        backoff = 100;
      } catch (err) {
        if (!this.running || generation !== this.generation) return;
        this.problem = `following the change log: ${err instanceof Error ? err.message : String(err)}`;
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }
}
