/**
 * `higress-standalone --version`: the version of every component the CLI runs or starts — our
 * packages (read from their package.json, found next to each package's entry point, so this works
 * from the source checkout and from a build alike), the Kubernetes version the API server reports,
 * the images of the Docker stack, and Node.js.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Thrown by the `--version` option; main prints the versions (an async job) and exits 0. */
export class VersionRequest extends Error {
  constructor() {
    super('version requested');
    this.name = 'VersionRequest';
  }
}

function packageVersion(specifier: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(specifier)));
  for (;;) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch (error) {
      const parent = dirname(dir);
      if (parent === dir) throw error;
      dir = parent;
    }
  }
}

/** `name:tag@digest` → `tag` (or `latest`). */
export function imageTag(ref: string): string {
  const name = ref.split('@')[0] ?? ref;
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon === -1 ? 'latest' : last.slice(colon + 1);
}

export async function versionLines(): Promise<string[]> {
  const [{ DEFAULT_VERSION }, { DEFAULT_IMAGES }] = await Promise.all([
    import('@hs/apiserver'),
    import('@hs/topology'),
  ]);
  const row = (name: string, value: string) => `  ${name.padEnd(13)} ${value}`;
  const lines = [
    `higress-standalone ${packageVersion('../package.json')}`,
    row('apiserver', `${packageVersion('@hs/apiserver')} (serves Kubernetes ${DEFAULT_VERSION.gitVersion})`),
    row('initializer', packageVersion('@hs/initializer')),
    row('fileserver', packageVersion('@hs/fileserver')),
    row('topology', packageVersion('@hs/topology')),
  ];
  lines.push('  images of the Docker stack:');
  for (const [name, ref] of Object.entries(DEFAULT_IMAGES)) lines.push(`  ${row(name, imageTag(ref))}`);
  lines.push(row('node', process.version));
  return lines;
}
