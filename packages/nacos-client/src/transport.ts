import { NacosError } from './errors.js';

/** When a failed request may be sent again. */
export type RetryPolicy =
  /** Reads and deletes: repeat on network errors, timeouts, 409 "being modified", 502/503/504. */
  | 'idempotent'
  /** Writes: repeat only when the connection was refused, i.e. the request never reached the server. */
  | 'unsent';

export interface TransportRequest {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** Path below the base URL, e.g. `/v1/cs/configs`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  timeoutMs?: number;
  retry: RetryPolicy;
  signal?: AbortSignal | undefined;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  fetch: typeof fetch;
}

const RETRYABLE_STATUS = new Set([409, 502, 503, 504]);
const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function encode(params: Record<string, string | undefined> | undefined): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) out.append(k, v);
  return out;
}

function errorCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur instanceof Error; depth++) {
    const code = (cur as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = cur.cause;
  }
  return undefined;
}

/**
 * One HTTP exchange with timeouts and bounded exponential backoff. Throws NacosError `Unreachable` /
 * `Timeout` for transport failures; any HTTP answer is returned for the caller to interpret.
 */
export class Transport {
  constructor(private readonly opts: TransportOptions) {}

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    let attempt = 0;
    for (;;) {
      try {
        const res = await this.once(req);
        if (req.retry === 'idempotent' && RETRYABLE_STATUS.has(res.status) && attempt < this.opts.retries) {
          await this.backoff(attempt++, req.signal);
          continue;
        }
        return res;
      } catch (err) {
        if (!(err instanceof NacosError) || req.signal?.aborted || attempt >= this.opts.retries) throw err;
        const unsent = err.kind === 'Unreachable' && UNSENT_CODES.has(errorCode(err) ?? '');
        if (req.retry === 'idempotent' ? !err.retryable : !unsent) throw err;
        await this.backoff(attempt++, req.signal);
      }
    }
  }

  private async once(req: TransportRequest): Promise<TransportResponse> {
    const query = encode(req.query).toString();
    const url = `${this.opts.baseUrl}${req.path}${query ? `?${query}` : ''}`;
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs;
    // One controller per request, its timer cleared once the answer is read: AbortSignal.timeout
    // keeps every signal and its timer alive for the whole timeout (thousands at a high write rate).
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const onAbort = () => timeout.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onAbort, { once: true });
    if (req.signal?.aborted) onAbort();
    const headers: Record<string, string> = { ...req.headers };
    let body: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
      body = encode(req.form).toString();
    }
    try {
      const res = await this.opts.fetch(url, { method: req.method, headers, body, signal: timeout.signal });
      return { status: res.status, headers: res.headers, body: await res.text() };
    } catch (err) {
      const where = { path: req.path, cause: err, retryable: true };
      if (req.signal?.aborted) throw req.signal.reason ?? err;
      if (timeout.signal.aborted) {
        throw new NacosError(
          'Timeout',
          req.operation,
          `no answer from ${req.path} within ${timeoutMs} ms`,
          where,
        );
      }
      const code = errorCode(err) ?? (err instanceof Error ? err.message : String(err));
      throw new NacosError('Unreachable', req.operation, `cannot reach ${this.opts.baseUrl}: ${code}`, where);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  private backoff(attempt: number, signal: AbortSignal | undefined): Promise<void> {
    const ms = this.opts.retryBaseMs * 2 ** attempt * (0.5 + Math.random() / 2);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
}
