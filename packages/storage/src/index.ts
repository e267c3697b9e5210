export {
  identityTransformer,
  isStorageError,
  StorageError,
  type StorageErrorCode,
  type ValueTransformer,
} from '@hs/apimachinery';
export type {
  DriverEvent,
  DriverListResult,
  Encode,
  KeyValue,
  Restamp,
  StorageDriver,
} from './driver.js';
export { createFileDriver, type FileDriverOptions } from './drivers/file/file-driver.js';
export { createMemoryDriver, type MemoryDriverOptions } from './drivers/memory-driver.js';
export { createNacosDriver, type NacosDriverOptions } from './drivers/nacos/index.js';
export { type CreateStorageOptions, createStorage } from './store/create-storage.js';
export { restampResourceVersion } from './store/restamp.js';
export {
  type Admit,
  type ApiWrite,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type ListResult,
  type Preconditions,
  type Predicate,
  type ResourceStore,
  type Storage,
  type TryUpdate,
  type UpdateOptions,
  ValidationError,
  type WatchConsumer,
  type WatchEvent,
  type WatchEventType,
  type Watcher,
  type WatchOptions,
  type WriteOptions,
} from './store-types.js';
