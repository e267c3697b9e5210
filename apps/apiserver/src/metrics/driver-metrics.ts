/**
 * A StorageDriver that times every call of the driver below it into etcd_request_duration_seconds
 * (operation = get | list | create | update | delete, type = the key's resource plural) and counts
 * failures into etcd_request_errors_total, as upstream's etcd3 store does around each etcd call
 * (k8s.io/apiserver/pkg/storage/etcd3/metrics). Missing keys, existing keys and lost
 * compare-and-sets are answers the store acts on, not failures. The driver contract is unchanged.
 */
import { performance } from 'node:perf_hooks';
import { isStorageError, type StorageDriver } from '@hs/storage';
import type { ApiserverMetrics } from './apiserver-metrics.js';

const ANSWERS = new Set(['KeyNotFound', 'KeyExists', 'Conflict', 'Compacted']);

type Operation = 'get' | 'list' | 'create' | 'update' | 'delete';

const typeOf = (key: string) => {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
};

export function instrumentDriver(driver: StorageDriver, metrics: ApiserverMetrics): StorageDriver {
  const children = new Map<string, { duration: { observe(v: number): void }; errors: { inc(): void } }>();
  const childrenFor = (operation: Operation, type: string) => {
    const key = `${operation} ${type}`;
    let found = children.get(key);
    if (!found) {
      found = {
        duration: metrics.storageDuration.labels({ operation, type }),
        errors: metrics.storageErrors.labels({ operation, type }),
      };
      children.set(key, found);
    }
    return found;
  };
  const timed = async <T>(operation: Operation, key: string, call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const found = childrenFor(operation, typeOf(key));
    try {
      return await call();
    } catch (err) {
      if (!(isStorageError(err) && ANSWERS.has(err.code))) found.errors.inc();
      throw err;
    } finally {
      found.duration.observe((performance.now() - started) / 1000);
    }
  };
  const overrides: Partial<StorageDriver> = {
    get: (key) => timed('get', key, () => driver.get(key)),
    list: (prefix) => timed('list', prefix, () => driver.list(prefix)),
    create: (key, encode) => timed('create', key, () => driver.create(key, encode)),
    update: (key, expected, encode) => timed('update', key, () => driver.update(key, expected, encode)),
    delete: (key, expected) => timed('delete', key, () => driver.delete(key, expected)),
  };
  // Every other member (start, subscribe, health, whatever a driver adds) is the driver's own,
  // called on the driver itself.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(driver, {
    get(target, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof StorageDriver];
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      let fn = bound.get(prop);
      if (!fn) {
        fn = value.bind(target);
        bound.set(prop, fn);
      }
      return fn;
    },
  });
}
