import { describe, expect, it } from 'vitest';
import { notFound } from './status.js';
import { isStorageError, StorageError } from './storage-error.js';

describe('StorageError', () => {
  it('is recognised by code and carries no HTTP knowledge', () => {
    const err = new StorageError('KeyNotFound', 'configmaps/x/a');
    expect(isStorageError(err, 'KeyNotFound')).toBe(true);
    expect(isStorageError(err, 'Conflict')).toBe(false);
    expect(isStorageError(notFound({ group: '', resource: 'configmaps' }, 'a'))).toBe(false);
  });
});
