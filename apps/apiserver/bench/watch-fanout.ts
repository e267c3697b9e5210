/**
 * Watch fan-out over HTTP: `watchers` streaming GETs held open at once; each write's latency is
 * the time from sending the write until the last watcher has read the event carrying it.
 * Bounded: every write waits at most `writeTimeoutMs`, and a missed delivery is counted.
 */
import { Agent, type ClientRequest, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, round } from './load.js';

export interface FanoutTarget {
  /** The streaming GET each watcher opens. */
  watchUrl: string;
  /** Performs one write whose event carries `value`; resolves when the write's response ended. */
  write: (value: string) => Promise<void>;
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
  marker: string;
  pending: number;
  start: number;
  first: number;
  done: (at: number) => void;
}

export async function watchFanout(
  target: FanoutTarget,
  options: { watchers: number; writes: number; warmup?: number; writeTimeoutMs?: number },
): Promise<FanoutResult> {
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const requests: ClientRequest[] = [];
  let current: Round | undefined;
  const seen = new Set<string>();
  try {
    // In batches: a thousand simultaneous connects would overflow the listen backlog (511).
    for (let from = 0; from < options.watchers; from += 100) {
      const batch = Math.min(100, options.watchers - from);
      await Promise.all(
        Array.from({ length: batch }, (_, k) => openWatcher(target.watchUrl, agent, requests, from + k)),
      );
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
          marker,
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
      seen.clear();
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
    for (const req of requests) req.destroy();
    agent.destroy();
  }

  function openWatcher(url: string, agent: Agent, all: ClientRequest[], w: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(url, { agent, headers: { accept: 'application/json' } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch ${url}: ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let tail = '';
        res.on('data', (chunk: string) => {
          const text = tail + chunk;
          const end = text.lastIndexOf('\n');
          tail = end === -1 ? text : text.slice(end + 1);
          const r = current;
          if (end === -1 || !r || r.pending === 0) return;
          const key = `${w}:${r.marker}`;
          if (seen.has(key) || !text.slice(0, end).includes(r.marker)) return;
          seen.add(key);
          if (r.first === 0) r.first = performance.now();
          if (--r.pending === 0) r.done(performance.now());
        });
        res.on('error', () => {});
        resolve();
      });
      req.on('error', (err) => reject(err));
      req.end();
      all.push(req);
    });
  }
}
