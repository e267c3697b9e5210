/**
 * The CLI as a new user meets it, each rough edge through the real CLI process: bins that exist
 * before any build (a fresh clone's `pnpm install` warns about none), `--version` for every
 * component, commands that need Docker explaining its absence, a busy port naming the flag that
 * moves it, stack configs with unknown keys or broken JSON, `dev --local -c FILE` honouring or
 * rejecting the file, and `pnpm dev` that counts the whole wait in "Ready in" and exits 0 on Ctrl-C.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './embedded/free-port.js';
import { groupAlive, startInGroup, WORKSPACE_ROOT } from './test-helpers/run-cli.js';

const run = promisify(execFile);
const BIN = join(WORKSPACE_ROOT, 'apps/cli/bin/higress-standalone.js');
const dirs: string[] = [];
const groups: number[] = [];
afterAll(async () => {
  for (const pgid of groups) if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hs-cli-edges-'));
  dirs.push(dir);
  return dir;
};

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}
async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const packageJson = async (dir: string) =>
  JSON.parse(await readFile(join(WORKSPACE_ROOT, dir, 'package.json'), 'utf8')) as {
    version: string;
    bin?: Record<string, string>;
  };

describe('bins', () => {
  it('point at committed, executable launchers, so a fresh clone installs without bin warnings', {
    timeout: 300_000,
  }, async () => {
    const { stdout: tracked } = await run('git', ['ls-files', '-s', 'apps', 'packages'], {
      cwd: WORKSPACE_ROOT,
    });
    for (const group of ['apps', 'packages']) {
      for (const name of await readdir(join(WORKSPACE_ROOT, group))) {
        const pkg = await packageJson(join(group, name)).catch(() => undefined);
        for (const target of Object.values(pkg?.bin ?? {})) {
          const path = join(group, name, target).replace(/\\/g, '/');
          expect(tracked, `${path} is committed and executable`).toMatch(
            new RegExp(`^100755 \\w+ 0\\t${path}$`, 'm'),
          );
          expect(
            (await readFile(join(WORKSPACE_ROOT, path), 'utf8')).startsWith('#!/usr/bin/env node\n'),
          ).toBe(true);
        }
      }
    }
    // A fresh clone of the committed tree, installed as the README says (from the local store).
    const clone = join(await tempDir(), 'clone');
    await run('git', ['clone', '--quiet', '--depth', '1', `file://${WORKSPACE_ROOT}`, clone]);
    const install = await run(
      'pnpm',
      ['install', '--frozen-lockfile', '--prefer-offline', '--ignore-scripts'],
      {
        cwd: clone,
        timeout: 280_000,
        env: { ...process.env, CI: 'true' },
      },
    );
    const printed = install.stdout + install.stderr;
    expect(printed).not.toMatch(/Failed to create bin/);
    expect((await stat(join(clone, 'node_modules/.bin/higress-standalone'))).isFile()).toBe(true);
    const { stdout } = await run(join(clone, 'node_modules/.bin/higress-standalone'), ['--version'], {
      cwd: clone,
    });
    expect(stdout).toMatch(/^higress-standalone \d+\.\d+\.\d+\n/);
  });
});

describe('--version', () => {
  it('prints the version of every component', async () => {
    const { code, stdout } = await cli(['--version']);
    expect(code).toBe(0);
    const cliVersion = (await packageJson('apps/cli')).version;
    expect(stdout.split('\n')[0]).toBe(`higress-standalone ${cliVersion}`);
    for (const [name, dir] of [
      ['apiserver', 'apps/apiserver'],
      ['initializer', 'apps/initializer'],
      ['fileserver', 'apps/fileserver'],
      ['topology', 'packages/topology'],
    ] as const) {
      expect(stdout).toMatch(new RegExp(`^ {2}${name} +${(await packageJson(dir)).version}\\b`, 'm'));
    }
    expect(stdout).toMatch(/serves Kubernetes v1\.\d+\.\d+/);
    for (const image of ['nacos', 'controller', 'pilot', 'gateway', 'console']) {
      expect(stdout).toMatch(new RegExp(`^ {4}${image} +\\S+$`, 'm'));
    }
    expect(stdout).toContain(`node          ${process.version}`);
  });
});

describe('without a Docker engine', () => {
  it('status explains itself as dev --docker does', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const status = await cli(['status'], env);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(
      /^higress-standalone: status needs Docker: no Docker engine at unix:\/\/\/nonexistent\/docker\.sock: .*; `pnpm dev --local` runs the embedded stack without Docker\.\n$/,
    );
    const dev = await cli(['dev', '--docker'], env);
    expect(dev.code).toBe(1);
    expect(dev.stderr.replace('dev --docker needs', 'status needs')).toBe(status.stderr);
  });
});

describe('stack configs', () => {
  it('rejects an unknown key, naming it and the closest known key, and writes nothing', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'stack.yaml'), 'hostPort:\n  apiserver: 9443\nstorage: {type: file}\n');
    const res = await cli(['compose', 'generate', '-c', join(dir, 'stack.yaml'), '-o', join(dir, 'out')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('hostPort: unknown key "hostPort"; the closest known key is "hostPorts"');
    await expect(stat(join(dir, 'out'))).rejects.toThrow(/ENOENT/);
  });

  it('reports a broken JSON file as a JSON error with its line and column', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'stack.json'), '{\n  "storage": {"type": "file",}\n}\n');
    const res = await cli(['compose', 'generate', '-c', join(dir, 'stack.json'), '-o', join(dir, 'out')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/stack config .*stack\.json is not valid JSON: .*line 2 column \d+/);
    expect(res.stderr).not.toMatch(/YAML/);
  });

  it('dev --local -c rejects settings the embedded stack cannot honour, before starting anything', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'stack.yaml'), 'network: bridge\nhostPorts: {gatewayHttp: 8081}\n');
    const res = await cli([
      'dev',
      '--local',
      '-c',
      join(dir, 'stack.yaml'),
      '--state-dir',
      join(dir, 'state'),
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/dev --local cannot honour network, hostPorts\.gatewayHttp of .*stack\.yaml/);
    await expect(stat(join(dir, 'state'))).rejects.toThrow(/ENOENT/);
  });
});

describe('a port in use', () => {
  it('names the flag that changes it', { timeout: 180_000 }, async () => {
    const dir = await tempDir();
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const res = await cli([
        'dev',
        '--local',
        '--state-dir',
        join(dir, 'state'),
        '--apiserver-port',
        String(port),
        '--fileserver-port',
        '0',
      ]);
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        `higress-standalone: port ${port} is already in use: choose another with --apiserver-port\n`,
      );
    } finally {
      busy.close();
    }
  });
});

describe('pnpm dev', () => {
  it('honours -c, counts the whole wait in "Ready in" and exits 0 on Ctrl-C without pnpm errors', {
    timeout: 240_000,
  }, async () => {
    const dir = await tempDir();
    const port = await freePort();
    await writeFile(join(dir, 'stack.yaml'), `storage: {type: file}\nhostPorts: {apiserver: ${port}}\n`);
    // The shell sleeps before it becomes pnpm (same process): a wait the user sees before our code runs.
    const command = `sleep 2; exec pnpm dev --local -c ${join(dir, 'stack.yaml')} --state-dir ${join(dir, 'state')} --fileserver-port 0`;
    const dev = startInGroup('sh', ['-c', command]);
    if (dev.child.pid) groups.push(dev.child.pid);
    const out = await dev.waitFor(/Press Ctrl-C/, 180_000);
    expect(out).toContain(`API server   https://127.0.0.1:${port}`);
    const ready = Number(/Ready in (\d+) ms/.exec(out)?.[1]);
    expect(ready).toBeGreaterThanOrEqual(2000);

    const pgid = dev.child.pid ?? 0;
    process.kill(-pgid, 'SIGINT');
    expect(await dev.exited).toBe(0);
    for (let i = 0; i < 50 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive(pgid)).toBe(false);
    expect(dev.output()).toMatch(/Stopped\.\n/);
    expect(dev.output()).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed/);
  });
});
