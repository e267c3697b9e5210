/**
 * A concurrency limiter keyed by client identity, for kube-apiserver's --max-requests-inflight /
 * --max-mutating-requests-inflight (k8s.io/apiserver/pkg/server/filters/maxinflight.go) and a cap on
 * watches per client. Pure and synchronous: `acquire` either returns a release function or throws
 * the 429 StatusError (`Retry-After` header, details.retryAfterSeconds), as upstream's
 * tooManyRequests answer. The server calls `acquire` when a request starts and `release` once when
 * it ends (response finished or connection closed); releasing twice is harmless.
 */
import { tooManyRequests } from '@hs/apimachinery';

export interface ConcurrencyLimiterOptions {
  /** Cap over all clients; 0 or undefined = unlimited. */
  maxTotal?: number;
  /** Cap per client key; 0 or undefined = unlimited. */
  maxPerClient?: number;
  /** Retry-After seconds in the 429. Default 1 (upstream). */
  retryAfterSeconds?: number;
  /** What is limited, for the message: "requests", "watches". Default "requests". */
  what?: string;
}

export type Release = () => void;

/**
 * The key a client is limited under: its user name, or its remote address when it is anonymous
 * (all anonymous callers share one user name).
 */
export const clientKey = (username: string, remoteAddress: string | undefined) =>
  username === 'system:anonymous' || username === ''
    ? `ip:${remoteAddress ?? 'unknown'}`
    : `user:${username}`;

export interface ConcurrencyLimiter {
  /** Takes a slot for `client` or throws 429. */
  acquire(client: string): Release;
  /** Takes a slot if one is free; undefined otherwise. */
  tryAcquire(client: string): Release | undefined;
  inFlight(client?: string): number;
}

export function createConcurrencyLimiter(options: ConcurrencyLimiterOptions = {}): ConcurrencyLimiter {
  const perClient = new Map<string, number>();
  let total = 0;
  const retryAfter = options.retryAfterSeconds ?? 1;
  const what = options.what ?? 'requests';

  const tryAcquire = (client: string): Release | undefined => {
    const current = perClient.get(client) ?? 0;
    if (options.maxTotal && total >= options.maxTotal) return undefined;
    if (options.maxPerClient && current >= options.maxPerClient) return undefined;
    perClient.set(client, current + 1);
    total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      total--;
      const n = (perClient.get(client) ?? 1) - 1;
      if (n <= 0) perClient.delete(client);
      else perClient.set(client, n);
    };
  };

  return {
    tryAcquire,
    acquire(client) {
      const release = tryAcquire(client);
      if (release) return release;
      const scope = options.maxTotal && total >= options.maxTotal ? '' : ' for this client';
      throw tooManyRequests(`Too many ${what}${scope}, please try again later.`, retryAfter);
    },
    inFlight: (client) => (client === undefined ? total : (perClient.get(client) ?? 0)),
  };
}

export interface RequestLimitsOptions {
  /** Non-mutating requests in flight (upstream --max-requests-inflight, default 400). 0 = unlimited. */
  maxReadonlyInFlight?: number;
  /** Mutating requests in flight (upstream --max-mutating-requests-inflight, default 200). 0 = unlimited. */
  maxMutatingInFlight?: number;
  /** Short requests in flight per client. 0 = unlimited (default). */
  maxInFlightPerClient?: number;
  /** Open watches per client. Default 100; 0 = unlimited. */
  maxWatchesPerClient?: number;
  /** Open watches overall. 0 = unlimited (default). */
  maxWatches?: number;
  retryAfterSeconds?: number;
}

const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/**
 * The server-facing combination: watches are long-running and counted separately per client
 * (upstream exempts them from max-in-flight); other requests count against the read-only or
 * mutating pool by verb, and optionally per client.
 */
export function createRequestLimits(options: RequestLimitsOptions = {}) {
  const retry =
    options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds };
  const readonly = createConcurrencyLimiter({
    maxTotal: options.maxReadonlyInFlight ?? 400,
    maxPerClient: options.maxInFlightPerClient ?? 0,
    ...retry,
  });
  const mutating = createConcurrencyLimiter({
    maxTotal: options.maxMutatingInFlight ?? 200,
    maxPerClient: options.maxInFlightPerClient ?? 0,
    ...retry,
  });
  const watches = createConcurrencyLimiter({
    maxTotal: options.maxWatches ?? 0,
    maxPerClient: options.maxWatchesPerClient ?? 100,
    what: 'watches',
    ...retry,
  });
  return {
    /**
     * Admits one request of `client` (e.g. the user name, or the remote address for anonymous
     * callers) with the request's verb; throws 429 when full. Call the returned release when done.
     */
    admit(client: string, verb: string): Release {
      if (verb === 'watch') return watches.acquire(client);
      return (MUTATING.has(verb) ? mutating : readonly).acquire(client);
    },
    readonly,
    mutating,
    watches,
  };
}

export type RequestLimits = ReturnType<typeof createRequestLimits>;
