import { StorageError } from '@hs/apimachinery';

/**
 * Checks the shape every driver accepts: `<plural>/<name>` or `<plural>/<namespace>/<name>`, each
 * segment non-empty, not `.`/`..` and free of `\` and NUL, so that no driver can be steered outside
 * its root or namespace. Throws StorageError `InvalidObject`.
 */
export function assertValidKey(key: string): string[] {
  const segments = key.split('/');
  const bad =
    segments.length < 2 ||
    segments.length > 3 ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'));
  if (bad) throw new StorageError('InvalidObject', key, `invalid storage key ${JSON.stringify(key)}`);
  return segments;
}
