/**
 * Storage-level errors: key-addressed, with no HTTP knowledge. The API server converts them per
 * verb into Kubernetes Status objects, as kubernetes/apiserver pkg/storage/errors.go and
 * pkg/storage/errors/storage.go do.
 */
export type StorageErrorCode =
  | 'KeyNotFound'
  | 'KeyExists'
  | 'Conflict'
  | 'Compacted'
  | 'InvalidObject'
  | 'Unreachable'
  | 'Timeout'
  | 'Corrupt'
  | 'NotLeader'
  /** A value larger than the driver can store. */
  | 'TooLarge';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message?: string,
    options?: { cause?: unknown; revision?: number; retryAfterSeconds?: number; continue?: string },
  ) {
    super(message ?? `${code}: ${key}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.revision = options?.revision;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.continue = options?.continue;
  }
  readonly revision: number | undefined;
  /** For `Compacted` on a paged list: a token that continues the list at the newest revision. */
  readonly continue: string | undefined;
  /** For `Unreachable` / `NotLeader`: how long a client should wait before retrying. */
  readonly retryAfterSeconds: number | undefined;
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}
