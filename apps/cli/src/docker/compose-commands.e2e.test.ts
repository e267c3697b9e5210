import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTopology, INITIALIZER_ROOT, parseStackConfig, volumeSpecs } from '@hs/topology';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../embedded/free-port.js';
import { WORKSPACE_ROOT } from '../test-helpers/run-cli.js';

/**
 * The generated containers' commands, run on this host against the real binaries (from source):
 * every container path is mapped to where its volume would be, so this checks the contract
 * between the compose file and the images' entry points (flags, volume layout, health checks)
 * wherever no Docker engine runs.
 */
const MAINS: Record<string, string> = {
  init: 'apps/initializer/src/main.ts',
  seed: 'apps/initializer/src/main.ts',
  apiserver: 'apps/apiserver/src/main.ts',
  fileserver: 'apps/fileserver/src/main.ts',
};
const HEALTHCHECK = fileURLToPath(new URL('../../../../compose/images/healthcheck.mjs', import.meta.url));

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function run(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<{ code: number | null; output: string }> } {
  const child = spawn(process.execPath, args, { cwd: WORKSPACE_ROOT, env: { ...process.env, ...env } });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, output }))) };
}

describe('generated container commands', () => {
  it('init → apiserver + fileserver healthy → seed, on file storage', { timeout: 240_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'hs-commands-'));
    dirs.push(root);
    const input = {
      network: 'host' as const,
      storage: { type: 'file' as const },
      hostPorts: { apiserver: await freePort(), fileserver: await freePort() },
    };
    const topology = generateTopology(input);
    const specs = volumeSpecs(parseStackConfig(input));

    /** Container path → host path, through the service's volume mounts (longest mount first). */
    const hostPath = (service: string, arg: string): string => {
      if (arg === INITIALIZER_ROOT) return root;
      const mounts = (topology.compose.services[service]?.volumes ?? [])
        .map((m) => m.split(':') as [string, string])
        .sort((a, b) => b[1].length - a[1].length);
      for (const [key, target] of mounts) {
        if (arg === target || arg.startsWith(`${target}/`)) {
          const layout = specs.find((s) => s.key === key)?.layoutPath;
          return join(root, 'volumes', layout ?? key) + arg.slice(target.length);
        }
      }
      return arg;
    };
    const commandOf = (service: string) => {
      const command = topology.compose.services[service]?.command ?? [];
      const env = Object.fromEntries(
        (topology.compose.services[service]?.env_file ?? []).flatMap(
          (f) => topology.envFiles[f.replace('./env/', '')] ?? [],
        ),
      );
      return {
        args: [
          '--import',
          'tsx',
          '--conditions=@hs/source',
          MAINS[service] ?? '',
          ...command.map((a) => hostPath(service, a)),
        ],
        env,
      };
    };
    const healthy = async (service: string) => {
      const test = topology.compose.services[service]?.healthcheck?.test ?? [];
      expect(test.slice(0, 3)).toEqual(['CMD', 'node', '/app/healthcheck.mjs']);
      for (let i = 0; i < 120; i++) {
        const { code } = await run([HEALTHCHECK, test[3] ?? ''], {}).done;
        if (code === 0) return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`${service} never became healthy`);
    };

    const init = commandOf('init');
    const initResult = await run(init.args, init.env).done;
    expect(initResult.code, initResult.output).toBe(0);

    const apiserver = commandOf('apiserver');
    const fileserver = commandOf('fileserver');
    const servers = [run(apiserver.args, apiserver.env), run(fileserver.args, fileserver.env)];
    await Promise.all([healthy('apiserver'), healthy('fileserver')]);

    const seed = commandOf('seed');
    const seedResult = await run(seed.args, seed.env).done;
    expect(seedResult.code, seedResult.output).toBe(0);
    expect(seedResult.output).toMatch(/created: ConfigMap higress-system\/higress-config/);

    for (const server of servers) server.child.kill('SIGTERM');
    for (const server of servers) expect((await server.done).code).toBe(0);
  });
});
