/** Raw HTTP/1.1 over TLS to one side, as the admin client certificate or anonymously. */
import { Agent, request } from 'node:https';
import type { Side } from './targets.js';

export type User = 'admin' | 'anonymous';

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
  user?: User | undefined;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Watching {
  /** Events (parsed JSON lines) received so far. */
  readonly events: unknown[];
  /** Resolves when `n` events arrived, the server ended the stream, or `ms` passed. */
  until(n: number, ms: number): Promise<void>;
  readonly response: Promise<RawResponse>;
  /** Whether the server ended the stream (timeoutSeconds, an error) before the client closed it. */
  readonly ended: boolean;
  close(): void;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export class HttpSide {
  private readonly agents: Record<User, Agent>;

  constructor(readonly side: Side) {
    const { caPem, adminCertPem, adminKeyPem } = side.pki;
    this.agents = {
      admin: new Agent({ ca: caPem, cert: adminCertPem, key: adminKeyPem, keepAlive: true }),
      anonymous: new Agent({ ca: caPem, keepAlive: true }),
    };
  }

  send(req: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const r = request(
        `${this.side.url}${req.path}`,
        { method: req.method, agent: this.agents[req.user ?? 'admin'], headers: req.headers ?? {} },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (d: string) => {
            body += d;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body }),
          );
        },
      );
      r.setTimeout(60_000, () => r.destroy(new Error(`${req.method} ${req.path}: no answer in 60 s`)));
      r.on('error', reject);
      r.end(req.body);
    });
  }

  /** A streaming GET (watch): newline-delimited JSON events collected as they arrive. */
  watch(req: RawRequest): Watching {
    const events: unknown[] = [];
    let waiter: (() => void) | undefined;
    let ended = false;
    let partial = '';
    let raw = '';
    let resolveResponse!: (r: RawResponse) => void;
    const response = new Promise<RawResponse>((resolve) => {
      resolveResponse = resolve;
    });
    const r = request(
      `${this.side.url}${req.path}`,
      { method: 'GET', agent: this.agents[req.user ?? 'admin'], headers: req.headers ?? {} },
      (res) => {
        const headers = flatHeaders(res.headers);
        const status = res.statusCode ?? 0;
        res.setEncoding('utf8').on('data', (d: string) => {
          raw += d;
          const lines = (partial + d).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
          waiter?.();
        });
        const finish = () => {
          if (ended) return; // 'end' and 'close' both arrive
          ended = true;
          if (partial.trim()) {
            try {
              events.push(JSON.parse(partial));
            } catch {
              // a non-JSON remainder stays in `raw`
            }
          }
          resolveResponse({ status, headers, body: raw });
          waiter?.();
        };
        res.on('end', finish);
        res.on('close', finish);
      },
    );
    r.on('error', () => {
      ended = true;
      resolveResponse({ status: 0, headers: {}, body: raw });
      waiter?.();
    });
    r.end();
    return {
      events,
      response,
      get ended() {
        return ended;
      },
      until: (n, ms) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            waiter = undefined;
            resolve();
          }
          waiter = () => {
            if (events.length >= n || ended) done();
          };
          waiter();
        }),
      close: () => r.destroy(),
    };
  }

  close(): void {
    for (const a of Object.values(this.agents)) a.destroy();
  }
}
