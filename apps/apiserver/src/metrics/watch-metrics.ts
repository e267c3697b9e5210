/**
 * apiserver_longrunning_requests (running watches) and apiserver_watch_events_total (events
 * written to watch clients), as upstream's RecordLongRunning and the watch handler's WatchEvents
 * counter. Label children are cached per route and scope, so an event costs one `inc`.
 */
import type { ResourceDefinition } from '@hs/resources';
import type { ApiserverMetrics } from './apiserver-metrics.js';

export interface WatchTally {
  /** One event written to the client. */
  event(): void;
  /** The watch ended; idempotent. */
  ended(): void;
}

export interface WatchObserver {
  started(definition: ResourceDefinition, version: string, scope: 'namespace' | 'cluster'): WatchTally;
}

interface WatchChildren {
  running: { inc(): void; dec(): void };
  events: { inc(): void };
}

export function watchObserver(metrics: ApiserverMetrics): WatchObserver {
  const cache = new Map<ResourceDefinition, Map<string, WatchChildren>>();
  const childrenFor = (def: ResourceDefinition, version: string, scope: string): WatchChildren => {
    let byDef = cache.get(def);
    if (!byDef) {
      byDef = new Map();
      cache.set(def, byDef);
    }
    const key = `${version} ${scope}`;
    let found = byDef.get(key);
    if (!found) {
      found = {
        running: metrics.longrunningRequests.labels({
          verb: 'WATCH',
          group: def.group,
          version,
          resource: def.plural,
          subresource: '',
          scope,
          component: 'apiserver',
        }),
        events: metrics.watchEvents.labels({ group: def.group, version, kind: def.kind }),
      };
      byDef.set(key, found);
    }
    return found;
  };
  return {
    started(definition, version, scope) {
      const children = childrenFor(definition, version, scope);
      children.running.inc();
      let running = true;
      return {
        event: () => children.events.inc(),
        ended: () => {
          if (!running) return;
          running = false;
          children.running.dec();
        },
      };
    },
  };
}
