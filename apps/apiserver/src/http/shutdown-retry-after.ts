/**
 * While the server closes, a new request (on a new or a kept-alive connection, e.g. a client's
 * re-watch on its HTTP/2 session right after its watch was ended) is answered 429 TooManyRequests
 * with Retry-After, as kube-apiserver's WithRetryAfter filter does during its shutdown
 * (k8s.io/apiserver/pkg/server/filters/with_retry_after.go); health probes are exempt there too.
 * Why it matters: client-go's reflector treats a 429 on a watch as "back off and watch again from
 * the same resourceVersion", but any other error (Fastify's default is 503 while closing) ends
 * ListAndWatch, so every informer of every client relists from scratch after each restart.
 */
import { tooManyRequests } from '@hs/apimachinery';
import type { FastifyInstance } from 'fastify';

/** A restarted API server is back in about a second (upstream says 5 for a replaced instance). */
export const SHUTDOWN_RETRY_AFTER_SECONDS = 1;
const MESSAGE = 'The apiserver is shutting down, please try again later.';
const EXEMPT = new Set(['/healthz', '/livez', '/readyz']);

export interface ShutdownState {
  /** True from the moment `close()` begins. */
  readonly closing: boolean;
  /** Throws the 429 when closing: for a request that began before and is still starting up. */
  refuseIfClosing(): void;
}

/**
 * Installs the first onRequest hook; the Fastify instance must be built with
 * `return503OnClosing: false`, or Fastify answers 503 itself before any hook runs.
 */
export function installShutdownRetryAfter(app: FastifyInstance): ShutdownState {
  let closing = false;
  const refuseIfClosing = () => {
    if (closing) throw tooManyRequests(MESSAGE, SHUTDOWN_RETRY_AFTER_SECONDS);
  };
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (!EXEMPT.has(path)) refuseIfClosing();
  });
  return {
    get closing() {
      return closing;
    },
    refuseIfClosing,
  };
}
