import type { MakeDriver } from './helpers.js';
import { runStoreReadConformance } from './store-conformance-reads.js';
import { runStoreWriteConformance } from './store-conformance-writes.js';

/**
 * The resource store's contract (store-types.ts) over any driver: resourceVersion semantics,
 * generation, no-op writes, generateName, finalizers, preconditions, paging snapshots, watch
 * resume, 410, selector transitions, bookmarks, initial-events-end and slow watchers.
 */
export function runStoreConformance(name: string, makeDriver: MakeDriver): void {
  runStoreWriteConformance(name, makeDriver);
  runStoreReadConformance(name, makeDriver);
}
