/**
 * Objects implied by namespaces in use (`WatchOptions.impliedByNamespace`): a watch of a
 * cluster-scoped kind whose objects are named after namespaces (the API server's Namespaces) also
 * carries an ADDED event when a namespace comes into use and a DELETED event when it goes out of
 * use, at the revision of the write that caused it, unless an object of that name is stored. The
 * same events appear in the initial state and in resumes, so a client that lists at N and watches
 * from N sees every namespace exactly as a later list would.
 */

import { deepFreeze } from '@hs/apimachinery';
import type { WatchEvent } from '../store-types.js';
import { objectKey } from './keys.js';
import type { NamespaceUsage, UsageChange } from './namespace-usage.js';
import type { HistoryEvent, ResourceCache } from './resource-cache.js';
import type { QueueWatcher } from './watcher.js';

/** A watch event with the revision it belongs to, for merging into history order. */
export interface Sequenced {
  revision: number;
  event: WatchEvent;
}

function keyOf(cache: ResourceCache, namespace: string): string | undefined {
  return cache.def?.scope === 'Cluster' ? objectKey(cache.def, undefined, namespace) : undefined;
}

function implied(
  watcher: QueueWatcher,
  key: string,
  type: 'ADDED' | 'DELETED',
  namespace: string,
  revision: number,
): WatchEvent | undefined {
  if (!watcher.implied) return undefined;
  const object = deepFreeze(watcher.implied(namespace, String(revision)));
  return watcher.matches(key, object) ? { type, object } : undefined;
}

/** Whether `key` held a stored object at `revision` (not older than the cache's floor). */
function storedAt(cache: ResourceCache, key: string, revision: number): boolean {
  const next = cache.historyAfter(revision).find((event) => event.key === key);
  return next ? next.type !== 'create' : cache.entries.has(key);
}

/** Live: tells every watcher that asked about a namespace entering or leaving use. */
export function announceUsage(caches: Iterable<ResourceCache>, change: UsageChange): void {
  for (const cache of caches) {
    if (cache.watchers.size === 0) continue;
    const key = keyOf(cache, change.namespace);
    if (key === undefined || cache.entries.has(key)) continue;
    for (const watcher of cache.watchers) {
      const type = change.inUse ? 'ADDED' : 'DELETED';
      const event = implied(watcher, key, type, change.namespace, change.revision);
      if (event) watcher.push(event);
    }
  }
}

/** Live: a stored object named after a namespace still in use was deleted; the implied one returns. */
export function reannounceAfterDelete(
  cache: ResourceCache,
  history: HistoryEvent,
  usage: NamespaceUsage,
): void {
  if (history.type !== 'delete' || cache.def?.scope !== 'Cluster') return;
  const name = history.key.slice(history.key.indexOf('/') + 1);
  if (usage.since(name) === undefined) return;
  for (const watcher of cache.watchers) {
    const event = implied(watcher, history.key, 'ADDED', name, history.revision);
    if (event) watcher.push(event);
  }
}

/** Initial state: one ADDED per namespace in use, at the revision it came into use. */
export function impliedInitial(
  cache: ResourceCache,
  watcher: QueueWatcher,
  usage: NamespaceUsage,
): WatchEvent[] {
  const events: WatchEvent[] = [];
  if (!watcher.implied) return events;
  for (const namespace of usage.names()) {
    const key = keyOf(cache, namespace);
    if (key === undefined || cache.entries.has(key)) continue;
    const event = implied(watcher, key, 'ADDED', namespace, usage.since(namespace) ?? 0);
    if (event) events.push(event);
  }
  return events;
}

/** Resume after `rv`: the implied events after it (the caller checks `usage.floor`). */
export function impliedReplay(
  cache: ResourceCache,
  watcher: QueueWatcher,
  usage: NamespaceUsage,
  rv: number,
): Sequenced[] {
  const out: Sequenced[] = [];
  if (!watcher.implied) return out;
  for (const change of usage.changesAfter(rv)) {
    const key = keyOf(cache, change.namespace);
    if (key === undefined || storedAt(cache, key, change.revision)) continue;
    const event = implied(
      watcher,
      key,
      change.inUse ? 'ADDED' : 'DELETED',
      change.namespace,
      change.revision,
    );
    if (event) out.push({ revision: change.revision, event });
  }
  for (const history of cache.historyAfter(rv)) {
    if (history.type !== 'delete' || cache.def?.scope !== 'Cluster') continue;
    const name = history.key.slice(history.key.indexOf('/') + 1);
    if (!usage.inUseAt(name, history.revision)) continue;
    const event = implied(watcher, history.key, 'ADDED', name, history.revision);
    if (event) out.push({ revision: history.revision, event });
  }
  return out;
}
