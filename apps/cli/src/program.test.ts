import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTopology, renderTopologyFiles, StackConfigError } from '@hs/topology';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';
import { WORKSPACE_ROOT } from './test-helpers/run-cli.js';
import { findWorkspaceRoot } from './workspace-root.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function cli(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = buildProgram({ out: (l) => lines.push(l), stdout: process.stdout, stderr: process.stderr });
  program.exitOverride();
  await program.parseAsync(['node', 'higress-standalone', ...args]);
  return lines;
}

describe('compose generate', () => {
  it('writes the topology for a YAML stack config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-cli-'));
    dirs.push(dir);
    const configFile = join(dir, 'stack.yaml');
    await writeFile(configFile, 'storage:\n  type: file\nnetwork: host\n');
    const lines = await cli('compose', 'generate', '-c', configFile, '-o', join(dir, 'out'));
    expect(lines).toContain(`wrote ${join(dir, 'out', 'docker-compose.yml')}`);
    const expected = renderTopologyFiles(generateTopology({ storage: { type: 'file' }, network: 'host' }));
    expect(await readFile(join(dir, 'out', 'docker-compose.yml'), 'utf8')).toBe(
      expected['docker-compose.yml'],
    );
    expect(await readFile(join(dir, 'out', 'env', 'pilot.env'), 'utf8')).toBe(expected['env/pilot.env']);
  });

  it('rejects an invalid stack config with the field path and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-cli-'));
    dirs.push(dir);
    const configFile = join(dir, 'stack.json');
    await writeFile(
      configFile,
      JSON.stringify({ storage: { type: 'nacos-external', serverUrl: 'not a url' } }),
    );
    const error = await cli('compose', 'generate', '-c', configFile, '-o', join(dir, 'out')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StackConfigError);
    expect((error as StackConfigError).issues.map((i) => i.path)).toEqual(['storage.serverUrl']);
    await expect(readFile(join(dir, 'out', 'docker-compose.yml'))).rejects.toThrow(/ENOENT/);
  });

  it('names an unreadable or non-mapping config file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-cli-'));
    dirs.push(dir);
    await expect(cli('compose', 'generate', '-c', join(dir, 'missing.yaml'))).rejects.toThrow(
      /cannot read stack config .*missing\.yaml: ENOENT/,
    );
    const list = join(dir, 'list.yaml');
    await writeFile(list, '- a\n- b\n');
    await expect(cli('compose', 'generate', '-c', list)).rejects.toThrow(/must be a mapping/);
  });
});

describe('findWorkspaceRoot', () => {
  it('finds the checkout from a nested directory, and falls back to the start outside one', async () => {
    expect(findWorkspaceRoot(join(WORKSPACE_ROOT, 'apps', 'cli', 'src'))).toBe(
      WORKSPACE_ROOT.replace(/\/$/, ''),
    );
    const outside = await mkdtemp(join(tmpdir(), 'hs-cli-'));
    dirs.push(outside);
    expect(findWorkspaceRoot(outside)).toBe(outside);
  });
});
