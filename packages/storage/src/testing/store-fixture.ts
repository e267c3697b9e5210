import { isStorageError } from '@hs/apimachinery';
import { afterEach } from 'vitest';
import type { StorageDriver } from '../driver.js';
import { type CreateStorageOptions, createStorage } from '../store/create-storage.js';
import type { ResourceStore, Storage } from '../store-types.js';
import { gadgetDefinition, vaultDefinition, widgetDefinition } from './definitions.js';
import type { MakeDriver } from './helpers.js';

export interface StoreUnderTest {
  storage: Storage;
  driver: StorageDriver;
  widgets: ResourceStore;
  gadgets: ResourceStore;
  vaults: ResourceStore;
}

/** Opens storages over fresh drivers and closes them after each test. */
export function useStorage(makeDriver: MakeDriver) {
  const opened: { storage: Storage; cleanup: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const { storage, cleanup } of opened.splice(0)) {
      await storage.close();
      await cleanup();
    }
  });
  return async (options: Omit<CreateStorageOptions, 'driver'> = {}): Promise<StoreUnderTest> => {
    const fixture = await makeDriver();
    const storage = await createStorage({ ...options, driver: fixture.driver });
    opened.push({ storage, cleanup: fixture.cleanup });
    return {
      storage,
      driver: fixture.driver,
      widgets: storage.for(widgetDefinition),
      gadgets: storage.for(gadgetDefinition),
      vaults: storage.for(vaultDefinition),
    };
  };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (err: unknown) => err,
  );
}

export async function storageErrorCode(promise: Promise<unknown>): Promise<string> {
  const err = await rejection(promise);
  if (!isStorageError(err)) throw new Error(`expected a StorageError, got ${String(err)}`);
  return err.code;
}
