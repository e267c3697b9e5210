import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { groupAlive, startInGroup } from '../test-helpers/run-cli.js';

const run = promisify(execFile);
const dirs: string[] = [];
const groups: number[] = [];
afterAll(async () => {
  // A failed assertion may leave a started stack behind: end its process group.
  for (const pgid of groups) if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function kubectl(kubeconfig: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 20_000 });
  return stdout;
}

/** `pnpm dev --local` exactly as a user types it at the repository root, with its state in a temp dir. */
function pnpmDevLocal(stateDir: string) {
  const cli = startInGroup('pnpm', [
    'dev',
    '--local',
    '--state-dir',
    stateDir,
    '--apiserver-port',
    '0',
    '--fileserver-port',
    '0',
  ]);
  if (cli.child.pid) groups.push(cli.child.pid);
  return cli;
}

async function interruptAndWait(cli: ReturnType<typeof startInGroup>): Promise<number | null> {
  const pgid = cli.child.pid ?? 0;
  process.kill(-pgid, 'SIGINT');
  const code = await cli.exited;
  // Give the group's other members (pnpm, tsx) the moment they need to exit after the CLI.
  for (let i = 0; i < 50 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 100));
  expect(groupAlive(pgid), `processes of group ${pgid} outlived Ctrl-C:\n${cli.output()}`).toBe(false);
  return code;
}

describe('pnpm dev --local', () => {
  it('serves kubectl with the seeded resources, stops on Ctrl-C and reuses its state', {
    timeout: 180_000,
  }, async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'hs-dev-'));
    dirs.push(stateDir);
    const kubeconfig = join(stateDir, 'kubeconfig');

    const first = pnpmDevLocal(stateDir);
    const out = await first.waitFor(/Press Ctrl-C/, 120_000);
    expect(out).toMatch(/Pilot and the gateway need Docker/);
    expect(out).toMatch(/seed: \d+ created, 0 already present\n[\s\S]*Ready in/);
    expect(await kubectl(kubeconfig, 'get', '--raw', '/readyz')).toBe('ok');
    const configMap = JSON.parse(
      await kubectl(kubeconfig, 'get', 'configmap', 'higress-config', '-n', 'higress-system', '-o', 'json'),
    );
    expect(configMap.data.mesh).toMatch(/discoveryAddress/);
    const names = await kubectl(
      kubeconfig,
      'get',
      'mcpbridges,services',
      '-n',
      'higress-system',
      '-o',
      'name',
    );
    expect(names).toContain('mcpbridge.networking.higress.io/default');
    expect(names).toContain('service/higress-gateway');
    const caBefore = await readFile(join(stateDir, 'volumes', 'api', 'ca.crt'), 'utf8');
    await interruptAndWait(first);
    expect(first.output()).toMatch(/Stopped\./);

    const second = pnpmDevLocal(stateDir);
    await second.waitFor(/Press Ctrl-C/, 120_000);
    // Objects persisted by the first run are served at once; the seed re-checks them after start.
    await second.waitFor(/seed: 0 created, \d+ already present \(checked after start\)/, 60_000);
    expect(await readFile(join(stateDir, 'volumes', 'api', 'ca.crt'), 'utf8')).toBe(caBefore);
    const uidAfter = JSON.parse(
      await kubectl(kubeconfig, 'get', 'configmap', 'higress-config', '-n', 'higress-system', '-o', 'json'),
    ).metadata.uid;
    expect(uidAfter).toBe(configMap.metadata.uid);
    await interruptAndWait(second);
  });
});
