/**
 * WATCH over HTTP (k8s.io/apiserver/pkg/endpoints/handlers/watch.go): newline-delimited JSON
 * events, flushed one by one, ended by `timeoutSeconds`, by the client going away (which aborts
 * the store watch) or by the store. A too-old resourceVersion detected before the stream starts
 * becomes a 200 stream holding one ERROR event with the Expired Status, which client-go and
 * client-node answer by relisting.
 */
import type { ServerResponse } from 'node:http';
import { tooOldResourceVersion } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { isStorageError, type WatchEvent, type Watcher } from '@hs/storage';
import type { FastifyReply } from 'fastify';
import type { WatchTally } from '../metrics/watch-metrics.js';
import { watchLine } from './json-cache.js';
import { listOptionsOf, predicateOf } from './read-handlers.js';
import { bool, enter, int, queryOf, str, targetOf } from './request.js';
import { type OutputContext, objectOutput, outputOf, served } from './response.js';
import type { Handler } from './route-context.js';
import { eventWriter } from './watch-writer.js';

const line = (type: string, object: unknown) => `${JSON.stringify({ type, object })}\n`;

function eventLine(out: OutputContext, event: WatchEvent, first: boolean): string | Buffer {
  if (event.type === 'ERROR') return line(event.type, event.object);
  // The plain JSON form of a shared event object is encoded once for all watchers.
  if (out.negotiated.as === undefined) return watchLine(event.type, served(out, event.object as KubeObject));
  if (event.type === 'BOOKMARK' && out.negotiated.as === 'Table') return line(event.type, event.object);
  return line(event.type, objectOutput(out, event.object as KubeObject, { columns: first }));
}

/**
 * Writes every event to the response until the watch ends. Watchers that offer push mode get each
 * event handed over synchronously as it commits (no promise per event and watcher: with a thousand
 * watchers that is most of the fan-out's JavaScript); others are iterated. Both wait for 'drain'
 * when the socket's buffer is full, the store dropping a watcher that stays blocked.
 */
function stream(
  watcher: Watcher,
  res: ServerResponse,
  out: OutputContext,
  signal: AbortSignal,
  tally: WatchTally | undefined,
  finalBookmark: (() => WatchEvent) | undefined,
) {
  const writer = eventWriter(res);
  let first = true;
  let blocked = false;
  const deliver = (event: WatchEvent): boolean => {
    const ok = writer.write(eventLine(out, event, first));
    tally?.event();
    first = false;
    blocked = !ok;
    return ok;
  };
  if (!watcher.consume) return iterate(watcher, deliver, writer.drainFrom, signal);
  const consumer = watcher.consume(deliver);
  const resume = () => {
    blocked = false;
    consumer.resume();
  };
  // Push mode hands every event over as it commits, so a consumer that is not blocked has been
  // given everything up to the store's revision: a BOOKMARK there is true, and lets the client
  // watch again from it (the restarted server's watch cache starts there) instead of relisting.
  const end = () => {
    if (finalBookmark && !blocked && (signal.reason === 'timeout' || signal.reason === 'closing'))
      deliver(finalBookmark());
    consumer.stop();
  };
  writer.drainFrom.on('drain', resume);
  signal.addEventListener('abort', end, { once: true });
  return consumer.done.finally(() => {
    writer.drainFrom.off('drain', resume);
    signal.removeEventListener('abort', end);
  });
}

async function iterate(
  watcher: Watcher,
  deliver: (event: WatchEvent) => boolean,
  drainFrom: NodeJS.EventEmitter,
  signal: AbortSignal,
) {
  for await (const event of watcher) {
    if (signal.aborted) break;
    if (!deliver(event)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          drainFrom.off('drain', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        drainFrom.on('drain', done);
        signal.addEventListener('abort', done);
      });
    }
  }
}

/**
 * The stream is written straight to the response (Fastify's hijack; onResponse hooks such as the
 * audit log still run when it finishes): with a thousand watchers, a stream piped into each
 * response costs as much again as the socket writes themselves. The status line and headers go out
 * at once, before any event, so a client sees the watch established even when nothing changes
 * (upstream flushes after WriteHeader, k8s.io/apiserver/pkg/endpoints/handlers/watch.go).
 */
function startStream(reply: FastifyReply): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  // Http2ServerResponse (the HTTPS server speaks HTTP/2) has no flushHeaders; it sends them now.
  (res as { flushHeaders?: () => void }).flushHeaders?.();
  return res;
}

export const watchHandler: Handler = async (route, req, reply) => {
  enter(route, req, 'watch');
  const query = queryOf(req);
  const out = outputOf(route, req, { target: 'object', transform: true, stream: true });
  const resourceVersion = str(query, 'resourceVersion');
  const timeoutSeconds =
    int(query, 'timeoutSeconds') ?? route.watches.minRequestTimeoutSeconds * (1 + Math.random());
  const controller = new AbortController();
  const { signal } = controller;
  listOptionsOf(query, true);

  let watcher: Watcher;
  try {
    watcher = await route.store.watch({
      namespace: targetOf(route, req).namespace,
      predicate: predicateOf(route, query),
      resourceVersion,
      sendInitialEvents: bool(query, 'sendInitialEvents') || undefined,
      allowBookmarks: bool(query, 'allowWatchBookmarks'),
      signal,
    });
  } catch (err) {
    if (!isStorageError(err, 'Compacted')) throw err;
    const status = tooOldResourceVersion(resourceVersion ?? '', err.revision ?? 0).toStatus();
    startStream(reply).end(line('ERROR', status));
    return reply;
  }
  // The server began closing while the watch was set up: the running watches were ended already
  // and this one would be cut at once, which client-go takes for an error and relists.
  try {
    route.watches.refuseIfClosing?.();
  } catch (err) {
    controller.abort();
    throw err;
  }

  const timer = setTimeout(() => controller.abort('timeout'), timeoutSeconds * 1000);
  route.watches.active.add(controller);
  const namespace = targetOf(route, req).namespace;
  const tally = route.watches.observer?.started(
    route.definition,
    route.version,
    namespace ? 'namespace' : 'cluster',
  );
  const stop = () => {
    tally?.ended();
    clearTimeout(timer);
    route.watches.active.delete(controller);
    controller.abort();
  };
  const res = startStream(reply);
  res.on('close', stop);
  // Before a timeout, as upstream's cacher does, and before the server closes (ours).
  const current = route.watches.currentResourceVersion;
  const finalBookmark =
    bool(query, 'allowWatchBookmarks') && current
      ? (): WatchEvent => ({
          type: 'BOOKMARK',
          object: {
            apiVersion: route.apiVersion,
            kind: route.definition.kind,
            metadata: { resourceVersion: current() },
          } as KubeObject,
        })
      : undefined;
  stream(watcher, res, out, signal, tally, finalBookmark)
    .catch((err: unknown) => req.log.error({ err }, 'watch stream failed'))
    .finally(() => {
      stop();
      res.end();
    });
  return reply;
};
