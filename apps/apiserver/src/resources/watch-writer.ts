/**
 * Writes watch events to one response. Over HTTP/1.1 a chunked response's events go straight to
 * the socket as ready-made chunks (size line, line, CRLF), one shared Buffer per event for every
 * watcher, instead of through `ServerResponse.write`, which corks the socket until the next tick
 * and frames each chunk again: with a thousand watchers the first byte would otherwise leave only
 * after all of them had been served, and framing costs as much as the write itself. The final
 * `0\r\n\r\n` is still written by `res.end()`, which knows nothing was sent around it, exactly as
 * chunked encoding requires. Other responses (HTTP/2, HTTP/1.0, and `inject()`'s simulated socket)
 * use `res.write`.
 */
import type { ServerResponse } from 'node:http';
import { Socket } from 'node:net';

export interface EventWriter {
  /** False when the caller should wait for `drainFrom`'s 'drain' before writing again. */
  write(line: Buffer | string): boolean;
  drainFrom: NodeJS.EventEmitter;
}

const framed = new WeakMap<Buffer, Buffer>();

/** `line` as one HTTP/1.1 chunk (RFC 9112 §7.1); cached for the shared Buffers of watch events. */
export function chunkOf(line: Buffer | string): Buffer {
  const body = typeof line === 'string' ? Buffer.from(line) : line;
  const cached = typeof line === 'string' ? undefined : framed.get(line);
  if (cached) return cached;
  const chunk = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]);
  if (typeof line !== 'string') framed.set(line, chunk);
  return chunk;
}

/** Call after the response head has been sent. */
export function eventWriter(res: ServerResponse): EventWriter {
  const socket = res.socket;
  const chunked = (res as { chunkedEncoding?: boolean }).chunkedEncoding === true;
  if (socket instanceof Socket && chunked && res.req.httpVersion === '1.1') {
    return { write: (line) => socket.write(chunkOf(line)), drainFrom: socket };
  }
  return { write: (line) => res.write(line), drainFrom: res };
}
