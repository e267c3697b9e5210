import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isTempFile, relativePathToKey } from './paths.js';

/**
 * Reads every object file under `dir` (a path relative to the root; '' = all), returning key →
 * content. With `removeTemps`, leftover temp files of a crashed write are deleted; other dot files
 * and non-YAML files are ignored.
 */
export async function scanFiles(
  root: string,
  options: { dir?: string; removeTemps?: boolean } = {},
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await walk(root, options.dir ?? '', found, options.removeTemps === true);
  return found;
}

async function walk(
  root: string,
  relative: string,
  found: Map<string, string>,
  removeTemps: boolean,
): Promise<void> {
  const depth = relative === '' ? 0 : relative.split(path.sep).length;
  if (depth > 2) return;
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(path.join(root, relative), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return;
    throw err;
  }
  for (const entry of entries) {
    const child = relative === '' ? entry.name : path.join(relative, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) await walk(root, child, found, removeTemps);
      continue;
    }
    if (!entry.isFile()) continue;
    if (isTempFile(entry.name)) {
      // Only at start: at run time a temp file may belong to a write in flight.
      if (removeTemps) await unlink(path.join(root, child)).catch(() => {});
      continue;
    }
    const key = relativePathToKey(child);
    if (key === undefined) continue;
    const content = await readFile(path.join(root, child), 'utf8').catch(missing);
    if (content !== undefined) found.set(key, content);
  }
}

/** Content of one object file, undefined when absent. */
export async function readObjectFile(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(missing);
}

function missing(err: unknown): undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
  throw err;
}
