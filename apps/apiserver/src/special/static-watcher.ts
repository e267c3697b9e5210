import type { KubeObject } from '@hs/resources';
import type { WatchEvent, Watcher, WatchOptions } from '@hs/storage';

/**
 * A watch over a fixed set of objects: the initial ADDED events (when the request asks for the
 * current state), an initial-events-end BOOKMARK with sendInitialEvents, then silence until the
 * signal aborts. Nothing in the set ever changes while the server runs.
 */
export function staticWatcher(
  objects: readonly KubeObject[],
  options: WatchOptions,
  resourceVersion: string,
): Watcher {
  const rv = options.resourceVersion;
  const initial = options.sendInitialEvents || rv === undefined || rv === '' || rv === '0';
  const events: WatchEvent[] = initial
    ? objects
        .filter((o) => !options.predicate || options.predicate(o))
        .map((object) => ({ type: 'ADDED', object }))
    : [];
  if (options.sendInitialEvents) {
    const first = objects[0];
    events.push({
      type: 'BOOKMARK',
      object: {
        apiVersion: first?.apiVersion ?? 'v1',
        kind: first?.kind ?? 'Unknown',
        metadata: { resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } },
      },
    });
  }
  let endReason: Watcher['endReason'];
  return {
    get endReason() {
      return endReason;
    },
    async *[Symbol.asyncIterator]() {
      for (const event of events) {
        if (options.signal.aborted) break;
        yield event;
      }
      if (!options.signal.aborted) {
        await new Promise<void>((resolve) =>
          options.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      }
      endReason = 'aborted';
    },
  };
}
