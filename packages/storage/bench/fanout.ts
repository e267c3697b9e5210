import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createMemoryDriver } from '../src/drivers/memory-driver.js';
import { createStorage } from '../src/store/create-storage.js';
import type { WatchEvent } from '../src/store-types.js';
import { widget, widgetDefinition } from '../src/testing/definitions.js';

export interface FanoutResult {
  mode: 'consume' | 'iterate';
  watchers: number;
  writes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Latency from the start of a write to its delivery at the last of `watchers` watchers, over
 * `writes` sequential updates. Each watcher is consumed in push mode (as the API server's watch
 * handler does) or iterated with `for await` (as a library user might).
 */
export async function benchWatchFanout(
  mode: FanoutResult['mode'],
  watchers = 1_000,
  writes = 300,
): Promise<FanoutResult> {
  const storage = await createStorage({ driver: createMemoryDriver() });
  const widgets = storage.for(widgetDefinition);
  await widgets.create(widget('target', { replicas: 0 }));
  const controller = new AbortController();
  setMaxListeners(watchers + 10, controller.signal);
  const started = new Map<number, number>();
  const arrivals = new Map<number, number>();
  const latencies: number[] = [];
  let allDelivered: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allDelivered = resolve;
  });
  const consumers: Promise<void>[] = [];
  for (let i = 0; i < watchers; i++) {
    const watcher = await widgets.watch({
      resourceVersion: storage.currentResourceVersion(),
      signal: controller.signal,
    });
    const arrived = (event: WatchEvent): boolean => {
      const seq = (event.object.spec as { replicas: number }).replicas;
      const count = (arrivals.get(seq) ?? 0) + 1;
      arrivals.set(seq, count);
      if (count === watchers) {
        latencies.push(performance.now() - started.get(seq)!);
        if (latencies.length === writes) allDelivered();
      }
      return true;
    };
    if (mode === 'consume' && watcher.consume) consumers.push(watcher.consume(arrived).done);
    else
      consumers.push(
        (async () => {
          for await (const event of watcher) arrived(event);
        })(),
      );
  }
  for (let seq = 1; seq <= writes; seq++) {
    started.set(seq, performance.now());
    await widgets.update('default', 'target', (cur) => ({ ...cur!, spec: { replicas: seq } }));
    // Let deliveries run between writes, as writes arrive over the network.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await done;
  controller.abort();
  await Promise.all(consumers);
  await storage.close();
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2));
  return { mode, watchers, writes, p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: pick(1) };
}
