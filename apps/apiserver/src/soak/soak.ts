/**
 * One soak run against the real apiserver process on file storage or Nacos: writers and
 * watchers run for `durationMs` while the schedule SIGKILLs and restarts the process, pauses and
 * resumes Nacos (through a pausable TCP proxy, so it works for the test server and a real Nacos)
 * and makes some watchers stop reading; then everything is quiesced and checked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nacosTarget, PausableProxy } from '@hs/nacos-client/testing';
import { ApiserverProcess, freePort } from './apiserver-process.js';
import { errorBodies, type FaultWindow, inWindow } from './faults.js';
import { Ledger } from './ledger.js';
import { mountSmallDisk, type SmallDisk } from './small-disk.js';
import { SoakWatcher } from './watchers.js';
import { COLLECTION, call, ensureNamespace, Recorder, storedStates, Writer } from './workload.js';

export interface SoakOptions {
  storage: 'file' | 'nacos';
  durationMs: number;
  watchers: number;
  writers?: number;
  /** Restart period (default 30 s); the first restart comes after one period. */
  restartEveryMs?: number;
  /** Nacos pause period and length (default every 60 s from 20 s, 5 s long). */
  pauseEveryMs?: number;
  pauseMs?: number;
  /** Watchers that stall, and for how long (default a tenth, 15 s, once at 40% of the run). */
  slowWatchers?: number;
  stallMs?: number;
  /** Fill the file store's disk once, at 70% of the run (default: when it can be mounted). */
  diskFull?: boolean;
  diskFullMs?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  storage: string;
  durationMs: number;
  requests: number;
  acknowledgedWrites: number;
  lostWrites: Array<{ name: string; acked: string | null; stored: string | null }>;
  watchers: number;
  watchEvents: number;
  duplicatedEvents: number;
  watchersMissingEvents: number;
  missingEntries: number;
  reconnects: number;
  relists: number;
  serverErrorsOutsideFaults: number;
  serverErrorsOutsideFaultsByReason: Record<string, number>;
  errorsDuringFaults: Record<string, number>;
  /** readyMs: until /readyz said ok; recoverMs: until a write was acknowledged again. */
  faults: Array<{ kind: string; readyMs?: number; recoverMs: number }>;
  rssBytes: { beforeStall: number; duringStall: number };
  /** Why the disk-full fault did not run, when it did not. */
  diskFullSkipped?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until a write is acknowledged again: the end of a fault's outage (after a restart on
 * Nacos the new process first waits out the killed one's writer lease). Gives up after a minute;
 * returns the last refusal, for the log.
 */
async function writable(base: string, recorder: Recorder): Promise<string> {
  let last = '';
  for (const giveUp = Date.now() + 60_000; Date.now() < giveUp; ) {
    const probe = await call(base, recorder, 'POST', COLLECTION, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { generateName: 'soak-probe-' },
    });
    if (probe.status >= 200 && probe.status < 300) return last;
    last = `(last refusal: ${probe.status} ${String(probe.json?.message ?? '')})`;
    await sleep(100);
  }
  return `not writable after 60 s ${last}`;
}

async function storageArgs(options: SoakOptions) {
  if (options.storage === 'file') {
    const dir = await mkdtemp(join(tmpdir(), 'hs-soak-'));
    const disk = options.diskFull === false ? 'disk-full fault not asked for' : mountSmallDisk(dir);
    return {
      args: ['--storage', 'file', '--file-root-dir', dir],
      proxy: undefined,
      disk,
      close: async () => {
        if (typeof disk !== 'string') disk.unmount();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const target = await nacosTarget({ mode: '2.5' });
  const { proxy, url } = await PausableProxy.for(target.url);
  const args = ['--storage', 'nacos', '--nacos-server', url, '--nacos-ns-id', target.tenant];
  if (target.username)
    args.push('--nacos-username', target.username, '--nacos-password', target.password ?? '');
  return {
    args,
    proxy,
    disk: 'disk-full fault is for file storage' as SmallDisk | string,
    close: async () => {
      await proxy.close();
      await target.close();
    },
  };
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const storage = await storageArgs(options);
  const server = new ApiserverProcess(await freePort(), storage.args);
  const recorder = new Recorder();
  const ledger = new Ledger();
  const windows: FaultWindow[] = [];
  const watchers: SoakWatcher[] = [];
  const rss = { beforeStall: 0, duringStall: 0 };
  let stalling = false;
  try {
    await server.start();
    await ensureNamespace(server.url, recorder);
    for (let i = 0; i < options.watchers; i++) {
      const w = new SoakWatcher(server.url, COLLECTION);
      await w.start();
      watchers.push(w);
    }
    const writers = Array.from({ length: options.writers ?? 8 }, (_, i) => {
      const names = Array.from({ length: 6 }, (_, j) => `w${i}-${j}`);
      return new Writer(server.url, i, names, ledger, recorder);
    });
    for (const w of writers) w.start();
    log(`${options.storage}: ${watchers.length} watchers, ${writers.length} writers on ${server.url}`);

    const began = Date.now();
    const restartEvery = options.restartEveryMs ?? 30_000;
    const pauseEvery = options.pauseEveryMs ?? 60_000;
    const pauseMs = options.pauseMs ?? 5_000;
    let nextRestart = began + restartEvery;
    let nextPause = began + Math.min(20_000, pauseEvery / 2);
    let stallAt: number | undefined = began + options.durationMs * 0.4;
    let diskAt: number | undefined = began + options.durationMs * 0.7;
    const sampler = setInterval(() => {
      void server.rss().then((bytes) => {
        if (bytes === undefined) return;
        if (stalling) rss.duringStall = Math.max(rss.duringStall, bytes);
        else if (!stallAt || Date.now() < stallAt) rss.beforeStall = Math.max(rss.beforeStall, bytes);
      });
    }, 500);
    // No fault starts in the last 5 s: the run ends on a recovered service.
    const quietFrom = began + options.durationMs - 5_000;
    while (Date.now() < began + options.durationMs) {
      const now = Date.now();
      if (now >= nextRestart && now < quietFrom) {
        const start = Date.now();
        await server.kill();
        const lifted = Date.now();
        await server.start();
        const ready = Date.now();
        const last = await writable(server.url, recorder);
        windows.push({ kind: 'restart', start, lifted, ready, recovered: Date.now() });
        log(`restart: ready after ${ready - start} ms, writes back after ${Date.now() - start} ms ${last}`);
        nextRestart = Date.now() + restartEvery;
      } else if (storage.proxy && now >= nextPause && now < quietFrom) {
        const start = Date.now();
        await storage.proxy.pause();
        await sleep(pauseMs);
        await storage.proxy.resume();
        const lifted = Date.now();
        const last = await writable(server.url, recorder);
        windows.push({ kind: 'nacos-pause', start, lifted, recovered: Date.now() });
        log(`nacos pause ${pauseMs} ms: writes back ${Date.now() - lifted} ms after resume ${last}`);
        nextPause = Date.now() + pauseEvery;
      } else if (typeof storage.disk !== 'string' && diskAt && now >= diskAt && now < quietFrom) {
        diskAt = undefined;
        const start = Date.now();
        await storage.disk.fill();
        await sleep(options.diskFullMs ?? 5_000);
        await storage.disk.free();
        const lifted = Date.now();
        const last = await writable(server.url, recorder);
        windows.push({ kind: 'disk-full', start, lifted, recovered: Date.now() });
        log(`disk full: writes back ${Date.now() - lifted} ms after freeing ${last}`);
      } else if (stallAt && now >= stallAt) {
        const stallMs = options.stallMs ?? 15_000;
        const slow = watchers.slice(0, options.slowWatchers ?? Math.ceil(watchers.length / 10));
        for (const w of slow) w.stall(stallMs);
        stalling = true;
        const start = Date.now();
        stallAt = undefined;
        setTimeout(() => {
          stalling = false;
          windows.push({ kind: 'slow-watchers', start, lifted: Date.now(), recovered: Date.now() });
        }, stallMs);
        log(`${slow.length} watchers stop reading for ${stallMs} ms`);
      }
      await sleep(100);
    }
    clearInterval(sampler);
    await Promise.all(writers.map((w) => w.stop()));
    stalling = false;

    // A marker write every watcher must see: then its view is complete up to the final list.
    const marker = await call(server.url, recorder, 'POST', COLLECTION, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'soak-end' },
    });
    const markerRv = Number(
      (marker.json?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion,
    );
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && watchers.some((w) => w.lastRv < markerRv)) await sleep(200);
    const { states, rvs } = await storedStates(server.url, recorder);
    for (const w of watchers) w.stop();

    const outside = recorder.answers.filter((a) => a.status >= 500 && !inWindow(windows, a.at));
    const missingPerWatcher = watchers.map((w) => w.missing(rvs).length);
    return {
      storage: options.storage,
      durationMs: Date.now() - began,
      requests: recorder.answers.length,
      acknowledgedWrites: ledger.ackedWrites,
      lostWrites: ledger.lost(states),
      watchers: watchers.length,
      watchEvents: watchers.reduce((n, w) => n + w.events, 0),
      duplicatedEvents: watchers.reduce((n, w) => n + w.duplicates, 0),
      watchersMissingEvents: missingPerWatcher.filter((n) => n > 0).length,
      missingEntries: missingPerWatcher.reduce((a, b) => a + b, 0),
      reconnects: watchers.reduce((n, w) => n + w.reconnects, 0),
      relists: watchers.reduce((n, w) => n + w.relists, 0),
      serverErrorsOutsideFaults: outside.length,
      serverErrorsOutsideFaultsByReason: countBy(outside.map((a) => `${a.status} ${a.reason}`)),
      errorsDuringFaults: errorBodies(windows, recorder.answers),
      faults: windows.map((w) => ({
        kind: w.kind,
        ...(w.ready === undefined ? {} : { readyMs: w.ready - w.start }),
        recoverMs: w.recovered - w.start,
      })),
      rssBytes: rss,
      ...(typeof storage.disk === 'string' ? { diskFullSkipped: storage.disk } : {}),
    };
  } finally {
    for (const w of watchers) w.stop();
    await server.kill();
    await storage.close();
  }
}
