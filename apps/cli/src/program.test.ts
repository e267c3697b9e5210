import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { generateTopology, renderTopologyFiles, StackConfigError } from '@hs/topology';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram as cli } from './test-helpers/in-process-cli.js';
import { WORKSPACE_ROOT } from './test-helpers/run-cli.js';
import { findWorkspaceRoot } from './workspace-root.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('compose generate', () => {
  it('writes the topology for a YAML stack config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-cli-'));
    dirs.push(dir);
    const configFile = join(dir, 'stack.yaml');
    await writeFile(configFile, 'storage:\n  type: file\nnetwork: host\n');
    const lines = await cli('compose', 'generate', '-c', configFile, '-o', join(dir, 'out'));
    expect(lines).toContain(`wrote ${join(dir, 'out', 'docker-compose.yml')}`);
    const expected = renderTopologyFiles(generateTopology({ storage: { type: 'file' }, network: 'host' }));
    // The build contexts lead from the output directory back to the workspace root.
    const context = relative(join(dir, 'out'), WORKSPACE_ROOT);
    expect(await readFile(join(dir, 'out', 'docker-compose.yml'), 'utf8')).toBe(
      expected['docker-compose.yml']?.replaceAll('context: ..\n', `context: ${context}\n`),
    );
    expect(resolve(join(dir, 'out'), context)).toBe(resolve(WORKSPACE_ROOT));
    expect(await readFile(join(dir, 'out', 'env', 'pilot.env'), 'utf8')).toBe(expected['env/pilot.env']);
  });

  it('writes a custom stack config to .compose/<project>/ and leaves the committed compose/ alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-cli-'));
    dirs.push(dir);
    const projectName = `hs-cli-test-${process.pid}`;
    const stateDir = join(WORKSPACE_ROOT, '.compose', projectName);
    dirs.push(stateDir);
    const configFile = join(dir, 'stack.yaml');
    await writeFile(configFile, `projectName: ${projectName}\nstorage: { type: file }\n`);
    const committed = async () => {
      const files = renderTopologyFiles(generateTopology({}));
      return Promise.all(Object.keys(files).map((f) => readFile(join(WORKSPACE_ROOT, 'compose', f), 'utf8')));
    };
    const before = await committed();
    const lines = await cli('compose', 'generate', '-c', configFile);
    expect(lines).toContain(`wrote ${join(stateDir, 'docker-compose.yml')}`);
    expect(await readFile(join(stateDir, 'docker-compose.yml'), 'utf8')).toMatch(
      /^ {6}context: \.\.\/\.\.$/m,
    );
    await expect(readFile(join(stateDir, 'env', 'nacos.env'))).rejects.toThrow(/ENOENT/);
    expect(await committed()).toEqual(before);
    // compose/nacos.env, which a file-storage config does not produce, is still there.
    expect(await readFile(join(WORKSPACE_ROOT, 'compose', 'env', 'nacos.env'), 'utf8')).toContain('NACOS');

    await expect(
      cli('compose', 'generate', '-c', configFile, '-o', join(WORKSPACE_ROOT, 'compose')),
    ).rejects.toThrow(/compose\/ holds the committed files of the default stack config/);
    expect(await committed()).toEqual(before);
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
