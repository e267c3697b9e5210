/**
 * Load generators: autocannon for throughput, bounded node:http(s) loops for latency. Every one
 * speaks plain HTTP, or HTTPS with a client certificate when given `tls` (the side-by-side bench
 * against kube-apiserver, which serves HTTPS only).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** The client side of HTTPS: the CA to verify the server with and the client certificate. */
export interface ClientTls {
  ca: string;
  cert: string;
  key: string;
}

type Agent = HttpAgent | HttpsAgent;

/** A keep-alive agent for `url`'s scheme (HTTPS with `tls`). */
export function keepAliveAgent(url: string, maxSockets: number, tls?: ClientTls): Agent {
  return url.startsWith('https:')
    ? new HttpsAgent({ keepAlive: true, maxSockets, ...(tls ?? {}) })
    : new HttpAgent({ keepAlive: true, maxSockets });
}

/** node:http's or node:https's `request`, by the URL's scheme. */
export function requestFor(
  url: string,
  options: { method?: string; agent: Agent; headers?: Record<string, string> },
  onResponse: (res: IncomingMessage) => void,
) {
  return url.startsWith('https:')
    ? httpsRequest(url, options as Parameters<typeof httpsRequest>[1], onResponse)
    : httpRequest(url, options as Parameters<typeof httpRequest>[1], onResponse);
}

export interface Throughput {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface ThroughputOptions {
  url: string;
  connections: number;
  /** Seconds, or a fixed number of requests with `amount`. */
  duration?: number;
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Builds the body of request `i` (each request gets a fresh one). */
  body?: (i: number) => string;
  tls?: ClientTls | undefined;
}

export async function throughput(options: ThroughputOptions): Promise<Throughput> {
  let i = 0;
  const { body } = options;
  const start = performance.now();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 3 }),
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.tls ? { tlsOptions: { ...options.tls } } : {}),
    ...(body ? { requests: [{ setupRequest: (req) => ({ ...req, body: body(i++) }) }] } : {}),
  });
  // Our own clock: autocannon's `duration` counts its one-second ticks, so a fixed `amount` of
  // requests finished in 2.1 s reads as 3.01 s and the rate comes out a third too low.
  const seconds = (performance.now() - start) / 1000;
  return {
    requestsPerSecond: Math.round(result.requests.total / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * `amount` POSTs from `connections` keep-alive connections, each sending its next request when the
 * previous answer ended (a closed loop), timed by our own clock. autocannon's fixed-amount mode
 * finishes on its one-second ticks, which turns 4,000 requests in 1.2 s into "3,300/s" and caps
 * a bare echo route near 4,000/s.
 */
export async function closedLoopPosts(options: {
  url: string;
  connections: number;
  amount: number;
  headers: Record<string, string>;
  body: (i: number) => string;
  tls?: ClientTls | undefined;
}): Promise<Throughput> {
  const agent = keepAliveAgent(options.url, options.connections, options.tls);
  const latencies: number[] = [];
  let next = 0;
  let non2xx = 0;
  let errors = 0;
  const worker = async () => {
    while (next < options.amount) {
      const body = options.body(next++);
      const start = performance.now();
      try {
        const status = await post(options.url, agent, options.headers, body);
        if (status < 200 || status >= 300) non2xx++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - start);
    }
  };
  const start = performance.now();
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    requestsPerSecond: Math.round(options.amount / seconds),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    requests: options.amount,
    non2xx,
    errors,
  };
}

function post(url: string, agent: Agent, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = requestFor(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`POST ${url}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface Latency {
  count: number;
  p50Ms: number;
  p90Ms: number;
  meanMs: number;
  bytes: number;
}

/** `count` sequential GETs over one keep-alive connection (after `warmup`), to the last byte. */
export async function sequentialLatency(
  url: string,
  count: number,
  warmup = 3,
  tls?: ClientTls,
): Promise<Latency> {
  const agent = keepAliveAgent(url, 1, tls);
  const samples: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < warmup + count; i++) {
      const start = performance.now();
      bytes = await getBody(url, agent);
      if (i >= warmup) samples.push(performance.now() - start);
    }
  } finally {
    agent.destroy();
  }
  return {
    count,
    p50Ms: round(percentile(samples, 0.5)),
    p90Ms: round(percentile(samples, 0.9)),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    bytes,
  };
}

function getBody(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = requestFor(url, { agent, headers: { accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () =>
        res.statusCode === 200 ? resolve(bytes) : reject(new Error(`GET ${url}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));
