import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** What never goes into an image build context (the Dockerfiles' .dockerignore says the same). */
const EXCLUDED = new Set([
  'node_modules',
  'dist',
  '.turbo',
  '.git',
  '.dev',
  '.compose',
  'bench-results',
  'coverage',
]);

/** Files of the workspace to send as the build context, relative to `root`, in a stable order. */
export async function buildContextFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (EXCLUDED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push(relative(root, path));
    }
  };
  await walk(root);
  return files;
}
