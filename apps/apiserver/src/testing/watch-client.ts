/** A raw NDJSON watch reader over a real socket, for asserting the wire format. */
import { request } from 'node:http';

export interface WatchEventLine {
  type: string;
  object: Record<string, unknown> & { metadata?: Record<string, unknown> };
}

export interface RawWatch {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** The next event; rejects when the stream ends first. */
  next(): Promise<WatchEventLine>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openWatch(url: string, headers: Record<string, string> = {}): Promise<RawWatch> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const queue: WatchEventLine[] = [];
      const waiters: Array<{ resolve: (e: WatchEventLine) => void; reject: (e: Error) => void }> = [];
      let buffer = '';
      let done = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim()) {
            const event = JSON.parse(line) as WatchEventLine;
            const waiter = waiters.shift();
            if (waiter) waiter.resolve(event);
            else queue.push(event);
          }
          nl = buffer.indexOf('\n');
        }
      });
      const ended = new Promise<void>((resolveEnd) => {
        const finish = () => {
          done = true;
          for (const w of waiters.splice(0)) w.reject(new Error('watch ended'));
          resolveEnd();
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      });
      resolve({
        statusCode: res.statusCode ?? 0,
        headers: res.headers,
        next: () => {
          const queued = queue.shift();
          if (queued) return Promise.resolve(queued);
          if (done) return Promise.reject(new Error('watch ended'));
          return new Promise((res2, rej2) => waiters.push({ resolve: res2, reject: rej2 }));
        },
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
