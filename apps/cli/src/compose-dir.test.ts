import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateTopology } from '@hs/topology';
import { installedComposeFrontends } from '@hs/topology/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeDirFor, withBuildContext, writeComposeFiles } from './compose-dir.js';
import { WORKSPACE_ROOT } from './test-helpers/run-cli.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const root = '/srv/checkout';

describe('composeDirFor', () => {
  it('compose/ for the defaults, .compose/<project>/ for a custom stack config, -o when given', () => {
    expect(composeDirFor(root, { projectName: 'higress-standalone' })).toBe(join(root, 'compose'));
    expect(composeDirFor(root, { projectName: 'edge', configFile: 'stack.yaml' })).toBe(
      join(root, '.compose', 'edge'),
    );
    expect(composeDirFor(root, { projectName: 'edge', configFile: 'stack.yaml', out: '/srv/out' })).toBe(
      '/srv/out',
    );
  });

  it('refuses to write a custom stack config over the committed compose/ files', () => {
    expect(() =>
      composeDirFor(root, { projectName: 'edge', configFile: 'stack.yaml', out: `${root}/compose/` }),
    ).toThrow(
      /compose\/ holds the committed files of the default stack config; write those of stack\.yaml elsewhere/,
    );
  });
});

describe('withBuildContext', () => {
  it('points every build context at the workspace root from the output directory', () => {
    const topology = generateTopology({});
    const contexts = (dir: string) =>
      Object.values(withBuildContext(topology, root, dir).compose.services).flatMap((s) =>
        s.build ? [s.build.context] : [],
      );
    expect(contexts(join(root, 'compose'))).toEqual(['..', '..', '..']);
    expect(contexts(join(root, '.compose', 'edge'))).toEqual(['../..', '../..', '../..']);
    expect(contexts(root)).toEqual(['.', '.', '.']);
    // The topology's own services are left as they were.
    expect(topology.compose.services.init?.build?.context).toBe('..');
  });
});

const frontends = installedComposeFrontends();
if (frontends.length === 0)
  console.log('skipping the Compose checks of written files: no Compose front end installed');

describe.skipIf(frontends.length === 0).each(frontends)(
  'files written outside compose/: $name',
  (frontend) => {
    it('build our images from the workspace root', { timeout: 60_000 }, async () => {
      const dir = join(await mkdtemp(join(tmpdir(), 'hs-compose-dir-')), 'stacks', 'edge');
      dirs.push(dir);
      await writeComposeFiles(
        generateTopology({ projectName: 'edge', storage: { type: 'file' } }),
        WORKSPACE_ROOT,
        dir,
      );
      const { stdout } = await run(frontend.command, [...frontend.args, 'config'], { cwd: dir });
      const resolved = parse(stdout) as { services: Record<string, { build?: { context: string } }> };
      const contexts = Object.values(resolved.services).flatMap((s) => (s.build ? [s.build.context] : []));
      expect(contexts).toHaveLength(3);
      for (const context of contexts) expect(resolve(context)).toBe(resolve(WORKSPACE_ROOT));
    });
  },
);
