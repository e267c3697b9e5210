/**
 * `pnpm bench` for the CLI: time from command to ready for `dev --local`, on a fresh state
 * directory and again on the state the first run left (the common case). Ready = the CLI printed
 * its endpoints, after which `kubectl get --raw /readyz` answers ok (checked here too). Written to
 * bench-results/cli-dev-ready.json; the ratio is against the 3 s target.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const TARGET_MS = 3000;
const cliDir = fileURLToPath(new URL('..', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);
// After `pnpm build` (turbo's bench task builds the dependencies; the script builds the CLI) the
// compiled CLI runs as users run it; otherwise the TypeScript source through tsx.
const built = existsSync(join(cliDir, 'dist', 'main.js'));
const command = built ? ['dist/main.js'] : ['--import', 'tsx', '--conditions=@hs/source', 'src/main.ts'];

async function timeToReady(stateDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...command,
      'dev',
      '--local',
      '--state-dir',
      stateDir,
      '--apiserver-port',
      '0',
      '--fileserver-port',
      '0',
    ],
    { cwd: cliDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  const ready = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C')) resolve(performance.now() - started);
    });
    child.on('exit', (code) => reject(new Error(`dev --local exited with ${code} before ready:\n${output}`)));
  });
  const { stdout } = await run('kubectl', [
    '--kubeconfig',
    join(stateDir, 'kubeconfig'),
    'get',
    '--raw',
    '/readyz',
  ]);
  if (stdout !== 'ok') throw new Error(`/readyz answered ${stdout}`);
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGINT');
  await exited;
  return ready;
}

const stateDir = await mkdtemp(join(tmpdir(), 'hs-bench-dev-'));
try {
  const fresh = await timeToReady(stateDir);
  const reused: number[] = [];
  for (let i = 0; i < 3; i++) reused.push(await timeToReady(stateDir));
  const median = [...reused].sort((a, b) => a - b)[1] ?? 0;
  const result = {
    name: 'cli dev --local: command to ready',
    unit: 'ms',
    fresh: Math.round(fresh),
    reusedMedian: Math.round(median),
    target: TARGET_MS,
    ratio: Number((median / TARGET_MS).toFixed(3)),
    withinTarget: median <= TARGET_MS,
    mode: built ? 'dist (after build)' : 'TypeScript source through tsx',
    note: 'includes Node start-up; ready = endpoints printed, /readyz then checked with kubectl',
  };
  await mkdir(join(root, 'bench-results'), { recursive: true });
  await writeFile(join(root, 'bench-results', 'cli-dev-ready.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.table([result]);
} finally {
  await rm(stateDir, { recursive: true, force: true });
}
