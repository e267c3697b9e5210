import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { StorageError } from '@hs/apimachinery';
import { assertValidKey } from '../key.js';

export const EXTENSION = '.yaml';
/** The directory of driver state; plural directories never start with a dot. */
export const STATE_DIR = '.state';
const TEMP_MARKER = '.tmp-';

/**
 * Maps a key to its file: `<root>/<plural>/<namespace>/<name>.yaml` or `<root>/<plural>/<name>.yaml`.
 * Beyond the shared key rules, segments may not start with a dot: dot files are editor artefacts,
 * temp files and driver state, never objects.
 */
export function keyToPath(root: string, key: string): string {
  const segments = assertValidKey(key);
  if (segments.some((s) => s.startsWith('.'))) {
    throw new StorageError(
      'InvalidObject',
      key,
      `invalid storage key ${JSON.stringify(key)}: segments may not start with '.'`,
    );
  }
  return path.join(root, ...segments) + EXTENSION;
}

/** The key of a path relative to the root, or undefined when it is not an object file. */
export function relativePathToKey(relative: string): string | undefined {
  const segments = relative.split(path.sep);
  if (segments.length < 2 || segments.length > 3) return undefined;
  if (segments.some((s) => s === '' || s.startsWith('.'))) return undefined;
  const file = segments[segments.length - 1]!;
  if (!file.endsWith(EXTENSION) || file.length === EXTENSION.length) return undefined;
  segments[segments.length - 1] = file.slice(0, -EXTENSION.length);
  return segments.join('/');
}

/** A temp file beside `target`, hidden (dot) and without the .yaml extension, so scans ignore it. */
export function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}${TEMP_MARKER}${randomBytes(6).toString('hex')}`,
  );
}

export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARKER);
}

/** Content hash recorded in the journal to tell our writes from edits made by hand. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('base64url').slice(0, 22);
}
