import { StorageError } from '@hs/apimachinery';
import { isNacosError } from '@hs/nacos-client';

/** Converts a Nacos client failure during a write of `key` into a StorageError. */
export function toStorageError(err: unknown, key: string, retryAfterSeconds: number): unknown {
  if (err instanceof StorageError) return err;
  if (isNacosError(err, 'BadRequest'))
    return new StorageError('InvalidObject', key, err.message, { cause: err });
  if (isNacosError(err)) {
    return new StorageError('Unreachable', key, `Nacos is unavailable: ${err.message}`, {
      cause: err,
      retryAfterSeconds,
    });
  }
  return err;
}
