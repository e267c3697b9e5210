import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes the rendered files under `dir` (normally compose/) and removes generated env files that
 * the current configuration no longer produces (compose/env/ holds nothing else). Other files in
 * `dir` (README, images/) are left alone.
 */
export async function writeTopologyFiles(dir: string, files: Record<string, string>): Promise<string[]> {
  const written: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(path);
  }
  const envDir = join(dir, 'env');
  for (const name of await readdir(envDir).catch(() => [] as string[])) {
    if (name.endsWith('.env') && !(`env/${name}` in files)) await rm(join(envDir, name));
  }
  return written;
}
