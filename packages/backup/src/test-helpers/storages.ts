/**
 * The three storages a restore can target, each fresh: memory, file (Secrets encrypted at rest)
 * and Nacos on the in-repo Nacos test server (or a real Nacos with NACOS_TEST_URL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nacosTarget } from '@hs/nacos-client/testing';
import { registry } from '@hs/resources';
import { createEncryptionTransformer, generateEncryptionKey } from '@hs/security';
import {
  createFileDriver,
  createMemoryDriver,
  createNacosDriver,
  createStorage,
  type StorageDriver,
} from '@hs/storage';
import type { ObjectEndpoint } from '../snapshot.js';
import { storageEndpoint } from '../storage-endpoint.js';

export type StorageKind = 'memory' | 'file' | 'nacos';
export const STORAGE_KINDS: StorageKind[] = ['memory', 'file', 'nacos'];

export interface TestStorage {
  /** Opens the storage (again: file and Nacos keep their data across opens). */
  open(): Promise<ObjectEndpoint>;
  /** Removes what the storage kept. */
  dispose(): Promise<void>;
}

export async function testStorage(kind: StorageKind): Promise<TestStorage> {
  const transformer = createEncryptionTransformer({ keys: [generateEncryptionKey('k1')] });
  const open = (driver: () => StorageDriver) => async () =>
    storageEndpoint(await createStorage({ driver: driver(), registry, transformer }), kind);
  switch (kind) {
    case 'memory': {
      // One driver for the storage's life: reopening finds the data again, as file and Nacos do.
      const driver = createMemoryDriver();
      return { open: open(() => keepOpen(driver)), dispose: () => driver.close() };
    }
    case 'file': {
      const rootDir = await mkdtemp(join(tmpdir(), 'hs-backup-'));
      return {
        open: open(() => createFileDriver({ rootDir })),
        dispose: () => rm(rootDir, { recursive: true, force: true }),
      };
    }
    case 'nacos': {
      const target = await nacosTarget();
      return {
        open: open(() =>
          createNacosDriver({
            serverUrl: target.url,
            username: target.username,
            password: target.password,
            namespaceId: target.tenant,
            leaseTtlMs: 2000,
          }),
        ),
        dispose: () => target.close(),
      };
    }
  }
}

/** The memory driver behind a proxy whose close() leaves the data in place until dispose. */
function keepOpen(driver: StorageDriver): StorageDriver {
  let started = false;
  return new Proxy(driver, {
    get(target, prop, receiver) {
      if (prop === 'close') return async () => {};
      if (prop === 'start')
        return async () => {
          if (!started) await target.start();
          started = true;
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
