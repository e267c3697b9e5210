/**
 * Watch fan-out over HTTP: `watchers` streaming GETs held open at once; each write's latency is
 * the time from sending the write until the bytes of the event carrying it have reached the last
 * watcher's socket. Bounded: every write waits at most `writeTimeoutMs`, and a missed delivery is
 * counted.
 *
 * The watchers are raw HTTP/1.1 sockets that look for the write's marker in the bytes they
 * receive, rather than `http.request` streams that parse chunked encoding and decode text: with a
 * thousand sockets in one process on a two-core machine the load generator's own per-event cost
 * (~25 µs per watcher through node:http) otherwise dominates what is measured, for our server and
 * for its ceiling alike. An `https:` URL makes them TLS sockets (each its own handshake with the
 * client certificate, as a thousand separate clients).
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect as tlsConnect } from 'node:tls';
import { type ClientTls, percentile, round } from './load.js';

export interface FanoutTarget {
  /** The streaming GET each watcher opens. */
  watchUrl: string;
  /** Performs one write whose event carries `value`; resolves when the write's response ended. */
  write: (value: string) => Promise<void>;
  /** For an `https:` watchUrl: the CA and client certificate each watcher's TLS connection uses. */
  tls?: ClientTls | undefined;
}

export interface FanoutResult {
  watchers: number;
  writes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  firstWatcherP50Ms: number;
  missed: number;
}

interface Round {
  index: number;
  marker: Buffer;
  pending: number;
  start: number;
  first: number;
  done: (at: number) => void;
}

export async function watchFanout(
  target: FanoutTarget,
  options: { watchers: number; writes: number; warmup?: number; writeTimeoutMs?: number },
): Promise<FanoutResult> {
  const sockets: Socket[] = [];
  let current: Round | undefined;
  try {
    // In batches: a thousand simultaneous connects would overflow the listen backlog (511), and
    // a hundred TLS handshakes at once time out on two busy cores.
    const size = target.tls ? 25 : 100;
    for (let from = 0; from < options.watchers; from += size) {
      const batch = Math.min(size, options.watchers - from);
      await Promise.all(Array.from({ length: batch }, () => openWatcher(new URL(target.watchUrl))));
    }
    const latencies: number[] = [];
    const firsts: number[] = [];
    let missed = 0;
    const warmup = options.warmup ?? 5;
    for (let i = 0; i < warmup + options.writes; i++) {
      const marker = `fanout-${i}-${Date.now()}`;
      const delivered = new Promise<number | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), options.writeTimeoutMs ?? 5_000);
        current = {
          index: i,
          marker: Buffer.from(marker),
          pending: options.watchers,
          start: performance.now(),
          first: 0,
          done: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });
      const round = current as Round | undefined;
      await target.write(marker);
      const at = await delivered;
      if (i >= warmup && round) {
        if (at === undefined) missed++;
        else {
          latencies.push(at - round.start);
          firsts.push(round.first - round.start);
        }
      }
      await sleep(10);
    }
    return {
      watchers: options.watchers,
      writes: options.writes,
      p50Ms: round(percentile(latencies, 0.5)),
      p99Ms: round(percentile(latencies, 0.99)),
      maxMs: round(Math.max(...latencies)),
      firstWatcherP50Ms: round(percentile(firsts, 0.5)),
      missed,
    };
  } finally {
    for (const socket of sockets) socket.destroy();
  }

  /** Resolves once the response head said 200; then counts each round's marker once. */
  function openWatcher(url: URL): Promise<void> {
    return new Promise((resolve, reject) => {
      const port = Number(url.port);
      const socket =
        url.protocol === 'https:'
          ? tlsConnect({ host: url.hostname, port, ...(target.tls ?? {}), ALPNProtocols: ['http/1.1'] })
          : connect({ host: url.hostname, port });
      sockets.push(socket);
      socket.setNoDelay(true);
      socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: application/json\r\n\r\n`,
      );
      let head = '';
      let established = false;
      let counted = -1;
      let tail: Buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        if (!established) {
          head += chunk.toString('latin1');
          if (!head.includes('\r\n\r\n')) return;
          if (!/^HTTP\/1\.1 200 /.test(head)) {
            reject(new Error(`watch ${url}: ${head.split('\r\n')[0]}`));
            return;
          }
          established = true;
          resolve();
          return;
        }
        const r = current;
        if (!r || r.pending === 0 || counted === r.index) {
          tail = chunk.subarray(Math.max(0, chunk.length - 64));
          return;
        }
        // The marker may straddle two TCP reads: look across the end of the previous one.
        const found =
          chunk.includes(r.marker) ||
          (tail.length > 0 && Buffer.concat([tail, chunk.subarray(0, r.marker.length)]).includes(r.marker));
        tail = chunk.subarray(Math.max(0, chunk.length - 64));
        if (!found) return;
        counted = r.index;
        if (r.first === 0) r.first = performance.now();
        if (--r.pending === 0) r.done(performance.now());
      });
      socket.on('error', (err) => (established ? undefined : reject(err)));
    });
  }
}
