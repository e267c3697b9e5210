/**
 * Builds a Storage from a driver config with @hs/storage's factories, with encryption at rest
 * (a ValueTransformer from @hs/security) for every persistent driver when a key file is given.
 */
import { NacosClient } from '@hs/nacos-client';
import type { Registry } from '@hs/resources';
import { createEncryptionTransformer, loadEncryptionKeys } from '@hs/security';
import {
  createFileDriver,
  createMemoryDriver,
  createNacosDriver,
  createStorage,
  type Storage,
  type StorageDriver,
  type ValueTransformer,
} from '@hs/storage';
import type { ApiserverMetrics } from '../metrics/apiserver-metrics.js';
import { instrumentDriver } from '../metrics/driver-metrics.js';
import { instrumentedNacosFetch } from '../metrics/nacos-metrics.js';

export type StorageConfig =
  | { type: 'memory' }
  | ({ type: 'file'; rootDir: string } & EncryptionFiles)
  | ({
      type: 'nacos';
      /** `http://host:8848` (the Go original's flag; the `/nacos` context path is added) or a full base URL. */
      server: string;
      username?: string | undefined;
      password?: string | undefined;
      namespaceId: string;
      /** `--nacos-cache-dir`: where the driver keeps a local copy of the values (faster restarts). */
      cacheDir?: string | undefined;
    } & EncryptionFiles);

/** Key files of encryption at rest (kinds whose registry entry sets `encryptAtRest`). */
export interface EncryptionFiles {
  /** `--encryption-key-file`: our key list (`<id>:<base64>` lines; the first writes). */
  encryptionKeyFile?: string | undefined;
  /** `--nacos-encryption-key-file`: the Go original's raw 16/24/32-byte key, to read its `enc|` values. */
  legacyEncryptionKeyFile?: string | undefined;
}

/** The Go original passes `http://nacos:8848` and the Nacos SDK adds the `/nacos` context path. */
export function nacosBaseUrl(server: string): string {
  const url = new URL(server);
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/nacos';
  return url.toString().replace(/\/+$/, '');
}

function driverFor(config: StorageConfig, metrics: ApiserverMetrics | undefined): StorageDriver {
  switch (config.type) {
    case 'memory':
      return createMemoryDriver();
    case 'file':
      return createFileDriver({ rootDir: config.rootDir });
    case 'nacos': {
      const serverUrl = nacosBaseUrl(config.server);
      const { username, password } = config;
      const client = metrics
        ? new NacosClient({
            serverUrl,
            username,
            password,
            fetch: instrumentedNacosFetch(metrics, serverUrl),
          })
        : undefined;
      return createNacosDriver({
        serverUrl,
        username,
        password,
        namespaceId: config.namespaceId,
        ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}),
        ...(client ? { client } : {}),
      });
    }
  }
}

/**
 * The transformer for the config's key files; undefined (identity) without any. With both files,
 * our list writes and the legacy key only reads; with the legacy key alone, a key derived from it
 * writes (see @hs/security's key-file.ts).
 */
export async function transformerFor(config: StorageConfig): Promise<ValueTransformer | undefined> {
  if (config.type === 'memory') return undefined;
  const [ours, legacy] = await Promise.all([
    config.encryptionKeyFile ? loadEncryptionKeys(config.encryptionKeyFile) : undefined,
    config.legacyEncryptionKeyFile ? loadEncryptionKeys(config.legacyEncryptionKeyFile) : undefined,
  ]);
  const primary = ours ?? legacy;
  if (!primary) return undefined;
  const legacyKey = legacy?.legacyKey ?? primary.legacyKey;
  return createEncryptionTransformer({ keys: primary.keys, ...(legacyKey ? { legacyKey } : {}) });
}

/** With `metrics`, the driver's calls (and the Nacos client's requests) are measured. */
export async function storageFromConfig(
  config: StorageConfig,
  registry: Registry,
  metrics?: ApiserverMetrics,
): Promise<Storage> {
  const transformer = await transformerFor(config);
  const driver = driverFor(config, metrics);
  return await createStorage({
    driver: metrics ? instrumentDriver(driver, metrics) : driver,
    registry,
    ...(transformer ? { transformer } : {}),
  });
}

export function isStorage(value: unknown): value is Storage {
  return typeof value === 'object' && value !== null && typeof (value as Storage).for === 'function';
}
