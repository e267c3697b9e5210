/**
 * The scale bench's server process (forked by scale.ts): the API server on file storage or on a
 * Nacos (argv below), plain HTTP on 127.0.0.1. It measures its own event loop with
 * `perf_hooks.monitorEventLoopDelay` and answers IPC requests:
 *   'stats' → { rss, heapUsed, eldMaxMs, eldP99Ms }   'reset' → clears the delay histogram
 *   'gc'    → a full collection (run with --expose-gc)  'stop'  → closes and exits
 * Sends { type: 'listening', api } once the port is open: the storage may still be warming up,
 * so readiness is /readyz, polled by the parent.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { registry } from '@hs/resources';
import { type StorageConfig, storageFromConfig } from '../src/adapters/storage.js';
import { startServer } from '../src/start-server.js';

export type ScaleRequest = 'stats' | 'reset' | 'gc' | 'stop';
export interface ScaleStats {
  type: 'stats';
  rss: number;
  heapUsed: number;
  eldMaxMs: number;
  eldP99Ms: number;
}
export type ScaleMessage =
  | { type: 'listening'; api: string; loadedAtMs: number; listeningAtMs: number }
  | ScaleStats
  | { type: 'done' };

/** argv: `file <rootDir>` or `nacos <serverUrl> <username> <password> [cacheDir]`. */
const [kind, ...args] = process.argv.slice(2);
const config: StorageConfig =
  kind === 'file' && args[0]
    ? { type: 'file', rootDir: args[0] }
    : kind === 'nacos' && args[0]
      ? {
          type: 'nacos',
          server: args[0],
          username: args[1],
          password: args[2],
          namespaceId: 'higress-system',
          cacheDir: args[3],
        }
      : (() => {
          throw new Error(
            'usage: scale-server.ts file <rootDir> | nacos <url> <username> <password> [cacheDir]',
          );
        })();
const loadedAtMs = performance.now();
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

const storage = await storageFromConfig(config, registry);
const api = await startServer({ storage, port: 0, host: '127.0.0.1' });
const send = (message: ScaleMessage) => process.send?.(message);
send({ type: 'listening', api: api.url, loadedAtMs, listeningAtMs: performance.now() });

process.on('message', async (message: ScaleRequest) => {
  switch (message) {
    case 'stats': {
      const memory = process.memoryUsage();
      send({
        type: 'stats',
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        eldMaxMs: delay.max / 1e6,
        eldP99Ms: delay.percentile(99) / 1e6,
      });
      return;
    }
    case 'reset':
      delay.reset();
      send({ type: 'done' });
      return;
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'done' });
      return;
    case 'stop':
      await api.close();
      await storage.close();
      process.exit(0);
  }
});
