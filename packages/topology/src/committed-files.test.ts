import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateTopology } from './generate.js';
import { renderTopologyFiles } from './serialize.js';

/** The repository's compose/ directory, found from this file (packages/topology/src). */
const composeDir = fileURLToPath(new URL('../../../compose/', import.meta.url));
const REGENERATE = 'run `pnpm --filter @hs/cli run start -- compose generate` and commit the result';

describe('committed compose/ files', () => {
  it('are exactly what the generator produces for the default stack config', async () => {
    const files = renderTopologyFiles(generateTopology({}));
    for (const [path, content] of Object.entries(files)) {
      const committed = await readFile(`${composeDir}${path}`, 'utf8').catch(() => null);
      expect(committed, `compose/${path} is missing or stale: ${REGENERATE}`).toBe(content);
    }
    const envFiles = (await readdir(`${composeDir}env`)).filter((f) => f.endsWith('.env'));
    expect(envFiles.map((f) => `env/${f}`).sort(), `compose/env has stale files: ${REGENERATE}`).toEqual(
      Object.keys(files)
        .filter((p) => p.startsWith('env/'))
        .sort(),
    );
  });
});
