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
export { isStorageError, StorageError, type StorageErrorCode } from './errors.js';
export { createNacosDriver, type NacosDriverOptions } from './nacos/index.js';
export { restampResourceVersion } from './restamp.js';
export { type CreateStorageOptions, createStorage } from './store/create-storage.js';
export {
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
export { identityTransformer, type ValueTransformer } from './transformer.js';
