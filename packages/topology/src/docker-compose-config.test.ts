import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateTopology } from './generate.js';
import { renderTopologyFiles } from './serialize.js';
import { CASES } from './test-helpers/cases.js';
import { installedComposeFrontends } from './testing/index.js';
import { writeTopologyFiles } from './write-files.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const frontends = installedComposeFrontends();
for (const absent of ['docker compose', 'docker-compose'].filter(
  (n) => !frontends.some((f) => f.name === n),
)) {
  console.log(`skipping the ${absent} config checks: ${absent} is not installed`);
}

/**
 * Every installed Compose front end — `docker compose` (v2) and `docker-compose` (Debian's v1
 * package, installed by .ci/system-deps.sh) — must accept every generated project: `config`
 * parses the file, resolves env files and interpolation, and checks it.
 */
describe.skipIf(frontends.length === 0).each(frontends)('$name config ($version)', (frontend) => {
  for (const [name, config] of Object.entries(CASES)) {
    it(`accepts the ${name} project`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'hs-topology-'));
      dirs.push(dir);
      const composeDir = join(dir, 'compose');
      await writeTopologyFiles(composeDir, renderTopologyFiles(generateTopology(config)));
      const { stdout } = await run(frontend.command, [...frontend.args, '--profile', 'console', 'config'], {
        cwd: composeDir,
        env: { ...process.env, COMPOSE_PROFILES: '' },
      });
      const resolved = parse(stdout) as {
        services: Record<string, { environment?: Record<string, string> }>;
      };
      const expected = Object.keys(generateTopology(config).compose.services).sort();
      expect(Object.keys(resolved.services).sort()).toEqual(expected);
      // Env files arrive intact: the password keeps its `$` and `#`.
      if (name === 'external-nacos') {
        expect(resolved.services.init?.environment?.NACOS_PASSWORD).toBe('pa$$$$ #word');
      }
    });
  }
});
