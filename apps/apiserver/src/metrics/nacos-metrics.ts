/**
 * A `fetch` for the Nacos client that records every HTTP exchange with Nacos: requests by method,
 * API path and code, their latency, and the ones without a usable answer (timeouts, unreachable
 * server, 5xx). It sits below the client's retries, so each attempt counts. The path label is the
 * URL path below the client's base URL (`/v1/cs/configs`, `/v1/cs/configs/listener`, ...): a
 * bounded set, never object names (those travel in the query or the form). Requests the client
 * itself aborts (a long-poll ended by shutdown) are neither answers nor errors and are not counted.
 */
import { performance } from 'node:perf_hooks';
import type { ApiserverMetrics } from './apiserver-metrics.js';

const reasonOf = (err: unknown): string => {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  return 'unreachable';
};

export function instrumentedNacosFetch(
  metrics: ApiserverMetrics,
  baseUrl: string,
  inner: typeof fetch = globalThis.fetch,
): typeof fetch {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const pathOf = (input: Parameters<typeof fetch>[0]): string => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(href).pathname;
    return path.startsWith(basePath) ? path.slice(basePath.length) || '/' : path;
  };
  return async (input, init) => {
    const method = init?.method ?? 'GET';
    const path = pathOf(input);
    const started = performance.now();
    const observe = () =>
      metrics.nacosDuration.labels(method, path).observe((performance.now() - started) / 1000);
    try {
      const res = await inner(input, init);
      observe();
      metrics.nacosRequests.labels(method, path, String(res.status)).inc();
      if (res.status >= 500) metrics.nacosErrors.labels(method, path, '5xx').inc();
      return res;
    } catch (err) {
      const signal = init?.signal;
      // AbortSignal.any(caller, timeout): a timeout's reason is a TimeoutError, a caller's abort is not.
      const callerAborted =
        signal?.aborted && !(signal.reason instanceof Error && signal.reason.name === 'TimeoutError');
      if (!callerAborted) {
        observe();
        metrics.nacosRequests.labels(method, path, '').inc();
        metrics.nacosErrors.labels(method, path, reasonOf(signal?.aborted ? signal.reason : err)).inc();
      }
      throw err;
    }
  };
}
