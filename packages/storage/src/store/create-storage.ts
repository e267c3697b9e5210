import type { Storage } from '../store-types.js';
import { StorageCore } from './storage-core.js';
import type { CreateStorageOptions } from './storage-options.js';

export type { CreateStorageOptions } from './storage-options.js';

/**
 * Starts the driver, loads every object into the watch cache and subscribes once to the driver's
 * events. Objects in list results and watch events are frozen and shared: clone before mutating.
 * `close()` ends every watcher and closes the driver.
 */
export async function createStorage(options: CreateStorageOptions): Promise<Storage> {
  const storage = new StorageCore(options);
  await storage.start();
  return storage;
}
