import { deepFreeze, isStorageError } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import type { WatchEvent } from '../store-types.js';
import type { HistoryEvent, ResourceCache } from './resource-cache.js';
import type { QueueWatcher } from './watcher.js';

/**
 * Turns one history event into the event a watcher sees, honouring its namespace and predicate:
 * an update that makes an object stop matching is DELETED (carrying the previous object, see
 * eventObject), one that makes it start matching is ADDED (k8s.io/apiserver
 * pkg/storage/cacher/cache_watcher.go convertToWatchEvent).
 */
export function eventFor(
  watcher: QueueWatcher,
  history: HistoryEvent,
  object: KubeObject,
  prev: KubeObject | undefined,
): WatchEvent['type'] | undefined {
  const matches = watcher.matches(history.key, object);
  if (history.type === 'create') return matches ? 'ADDED' : undefined;
  if (history.type === 'delete') return matches ? 'DELETED' : undefined;
  const matched = watcher.predicate === undefined ? matches : watcher.matches(history.key, prev!);
  if (matches) return matched ? 'MODIFIED' : 'ADDED';
  return matched ? 'DELETED' : undefined;
}

/** The objects a history event exposes: the new (or deleted) object and, for updates, the previous one. */
export function objectsOf(
  cache: ResourceCache,
  history: HistoryEvent,
): { object: KubeObject; prev?: KubeObject } {
  if (history.type === 'delete') return { object: cache.deletedObject(history) };
  const object = cache.objectOf(history.entry);
  return history.type === 'update' ? { object, prev: cache.objectOf(history.prev!) } : { object };
}

/**
 * The object an event carries: an update that makes the object stop matching is DELETED with the
 * previous object (the one the watcher saw match) at the update's resourceVersion, as upstream's
 * convertToWatchEvent; every other event carries the new (or deleted) object.
 */
export function eventObject(
  type: WatchEvent['type'],
  history: HistoryEvent,
  objects: { object: KubeObject; prev?: KubeObject },
): KubeObject {
  if (type !== 'DELETED' || history.type !== 'update' || !objects.prev) return objects.object;
  const { prev, object } = objects;
  return deepFreeze({
    ...prev,
    metadata: { ...prev.metadata, resourceVersion: object.metadata.resourceVersion },
  });
}

/**
 * Delivers one committed event to every watcher of the plural. Event envelopes are shared (frozen)
 * between watchers, so fan-out allocates nothing per watcher.
 */
export function fanOut(cache: ResourceCache, history: HistoryEvent): void {
  let objects: { object: KubeObject; prev?: KubeObject };
  try {
    objects = objectsOf(cache, history);
  } catch (err) {
    const error = errorEvent(err);
    for (const watcher of cache.watchers) {
      watcher.push(error);
      watcher.end('closed');
    }
    return;
  }
  const envelopes: Partial<Record<WatchEvent['type'], WatchEvent>> = {};
  for (const watcher of cache.watchers) {
    const type = eventFor(watcher, history, objects.object, objects.prev);
    if (type === undefined) continue;
    let event = envelopes[type];
    if (!event) {
      event = Object.freeze({ type, object: eventObject(type, history, objects) });
      envelopes[type] = event;
    }
    watcher.push(event);
  }
}

/**
 * An ERROR event for a value the store cannot decode: a Status object, as the watch wire format
 * carries errors (k8s.io/apimachinery pkg/watch). The watch ends after it; the store logged the cause.
 */
export function errorEvent(err: unknown): WatchEvent {
  const message = err instanceof Error ? err.message : String(err);
  const code = isStorageError(err, 'Compacted') ? 410 : 500;
  return deepFreeze({
    type: 'ERROR',
    object: {
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message,
      reason: code === 410 ? 'Expired' : 'InternalError',
      code,
    },
  });
}
