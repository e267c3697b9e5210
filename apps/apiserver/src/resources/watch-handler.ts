/**
 * WATCH over HTTP (k8s.io/apiserver/pkg/endpoints/handlers/watch.go): newline-delimited JSON
 * events, flushed one by one, ended by `timeoutSeconds`, by the client going away (which aborts
 * the store watch) or by the store. A too-old resourceVersion detected before the stream starts
 * becomes a 200 stream holding one ERROR event with the Expired Status, which client-go and
 * client-node answer by relisting.
 */
import { PassThrough } from 'node:stream';
import { tooOldResourceVersion } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { isStorageError, type WatchEvent, type Watcher } from '@hs/storage';
import { watchLine } from './json-cache.js';
import { type OutputContext, objectOutput, served } from './output.js';
import { bool, int, str } from './query.js';
import { predicateOf, resourceVersionMatchOf } from './read-handlers.js';
import { enter, type Handler, outputOf, queryOf, targetOf } from './route-context.js';

const line = (type: string, object: unknown) => `${JSON.stringify({ type, object })}\n`;

function eventLine(out: OutputContext, event: WatchEvent, first: boolean): string | Buffer {
  if (event.type === 'ERROR') return line(event.type, event.object);
  // The plain JSON form of a shared event object is encoded once for all watchers.
  if (out.negotiated.as === undefined) return watchLine(event.type, served(out, event.object as KubeObject));
  if (event.type === 'BOOKMARK' && out.negotiated.as === 'Table') return line(event.type, event.object);
  return line(event.type, objectOutput(out, event.object as KubeObject, { columns: first }));
}

async function pump(watcher: Watcher, stream: PassThrough, out: OutputContext, signal: AbortSignal) {
  let first = true;
  for await (const event of watcher) {
    if (signal.aborted) break;
    const ok = stream.write(eventLine(out, event, first));
    first = false;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        stream.on('drain', done);
        signal.addEventListener('abort', done);
      });
    }
  }
}

/**
 * Sends the status line and headers as soon as Fastify starts piping, before any event, so a
 * client sees the watch established even when nothing changes (upstream flushes after WriteHeader).
 */
function flushHeadersOnPipe(raw: NodeJS.WritableStream & { flushHeaders?: () => void }): void {
  raw.once('pipe', () => raw.flushHeaders?.());
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
  resourceVersionMatchOf(query);

  const stream = new PassThrough();
  reply.code(200).header('content-type', 'application/json').header('cache-control', 'no-cache, private');

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
    stream.end(line('ERROR', status));
    return reply.send(stream);
  }

  const timer = setTimeout(() => controller.abort(), timeoutSeconds * 1000);
  route.watches.active.add(controller);
  const stop = () => {
    clearTimeout(timer);
    route.watches.active.delete(controller);
    controller.abort();
  };
  reply.raw.on('close', stop);
  flushHeadersOnPipe(reply.raw);
  reply.send(stream);
  pump(watcher, stream, out, signal)
    .catch((err: unknown) => req.log.error({ err }, 'watch stream failed'))
    .finally(() => {
      stop();
      stream.end();
    });
  return reply;
};
