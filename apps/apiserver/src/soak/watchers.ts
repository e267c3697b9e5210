/**
 * Soak watchers: each keeps a view (name → resourceVersion) of a namespace's ConfigMaps from one
 * watch stream, resuming from the last resourceVersion it saw whenever the stream breaks (the
 * server restarted, dropped it as slow...) and relisting on 410 Expired, as a reflector does.
 * Because resourceVersions are global and increasing, an event at or below the last one seen is
 * a duplicate; a view that differs from the final list once the watcher has caught up is a
 * missing event.
 */
import { type IncomingMessage, request } from 'node:http';

interface WatchObject {
  metadata?: { name?: string; resourceVersion?: string };
  code?: number;
}

export class SoakWatcher {
  readonly view = new Map<string, string>();
  lastRv = 0;
  duplicates = 0;
  reconnects = 0;
  relists = 0;
  events = 0;
  #stopped = false;
  #res: IncomingMessage | undefined;
  #req: ReturnType<typeof request> | undefined;

  constructor(
    private readonly base: string,
    private readonly path: string,
  ) {}

  async start(): Promise<void> {
    await this.relist();
    void this.loop();
  }

  private async relist(): Promise<void> {
    for (;;) {
      try {
        const res = await fetch(`${this.base}${this.path}`, { signal: AbortSignal.timeout(10_000) });
        if (res.status === 200) {
          const list = (await res.json()) as { metadata: { resourceVersion: string }; items: WatchObject[] };
          this.view.clear();
          for (const item of list.items)
            this.view.set(item.metadata?.name ?? '', item.metadata?.resourceVersion ?? '');
          this.lastRv = Number(list.metadata.resourceVersion);
          return;
        }
      } catch {
        // the server is down: try again
      }
      if (this.#stopped) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async loop(): Promise<void> {
    while (!this.#stopped) {
      const outcome = await this.stream();
      if (this.#stopped) return;
      if (outcome === 'expired') {
        this.relists++;
        await this.relist();
      } else {
        this.reconnects++;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** One watch request; resolves when it ends. */
  private stream(): Promise<'ended' | 'expired'> {
    return new Promise((resolve) => {
      const url = `${this.base}${this.path}?watch=1&allowWatchBookmarks=true&resourceVersion=${this.lastRv}`;
      let buffer = '';
      let expired = false;
      const req = request(url, { agent: false }, (res) => {
        this.#res = res;
        if (res.statusCode === 410) expired = true;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl = buffer.indexOf('\n');
          while (nl >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.trim() && this.onLine(line) === 'expired') expired = true;
            nl = buffer.indexOf('\n');
          }
        });
        res.on('end', () => resolve(expired ? 'expired' : 'ended'));
        res.on('error', () => resolve(expired ? 'expired' : 'ended'));
        res.on('close', () => resolve(expired ? 'expired' : 'ended'));
      });
      this.#req = req;
      req.on('error', () => resolve('ended'));
      req.end();
    });
  }

  private onLine(line: string): 'expired' | undefined {
    let event: { type: string; object: WatchObject };
    try {
      event = JSON.parse(line) as { type: string; object: WatchObject };
    } catch {
      return undefined;
    }
    if (event.type === 'ERROR') return event.object.code === 410 ? 'expired' : undefined;
    const rv = Number(event.object.metadata?.resourceVersion);
    if (event.type === 'BOOKMARK') {
      if (rv > this.lastRv) this.lastRv = rv;
      return undefined;
    }
    this.events++;
    if (rv <= this.lastRv) {
      this.duplicates++;
      return undefined;
    }
    this.lastRv = rv;
    const name = event.object.metadata?.name ?? '';
    if (event.type === 'DELETED') this.view.delete(name);
    else this.view.set(name, String(rv));
    return undefined;
  }

  /** Stops reading (the socket's buffers fill, the server's queue for it grows) for `ms`. */
  stall(ms: number): void {
    const res = this.#res;
    res?.pause();
    setTimeout(() => res?.resume(), ms);
  }

  stop(): void {
    this.#stopped = true;
    this.#req?.destroy();
  }

  /** Names whose resourceVersion in this view differs from `truth`'s. */
  missing(truth: Map<string, string>): string[] {
    const names = new Set([...truth.keys(), ...this.view.keys()]);
    return [...names].filter((n) => truth.get(n) !== this.view.get(n));
  }
}
