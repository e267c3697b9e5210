import { execFileSync, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { connectDocker, dockerReachable } from './engine.js';
import { imageExists } from './images.js';

/**
 * Test support for the real-Docker end-to-end tests. Engines on the test machines cannot pull, so
 * the base image our Dockerfiles build FROM is imported from a root filesystem assembled from this
 * machine's own node (its binary, the shared libraries `ldd` lists, npm and pnpm when installed next
 * to it), busybox as /bin/sh and its applets, CA certificates and passwd entries for root and 1337.
 * Nothing here runs unless an engine answers.
 */
export const TEST_BASE_IMAGE = 'hs-test/node-base:local';

/** The system CA bundle; node trusts it through NODE_EXTRA_CA_CERTS (e.g. a TLS-intercepting proxy's CA). */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export type TestEngine =
  | { docker: Docker; skipReason?: undefined }
  | { docker?: undefined; skipReason: string };

/** The engine at DOCKER_HOST or /var/run/docker.sock, or why the Docker tests are skipped. */
export async function testEngine(): Promise<TestEngine> {
  const reach = await dockerReachable();
  if (!reach.reachable) return { skipReason: reach.reason };
  return { docker: await connectDocker() };
}

/** Shared libraries of a binary as `ldd` lists them (absolute paths, the loader included). */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(\/[^\s)]+)/g)].map((m) => m[1] ?? '').filter((p) => p && existsSync(p));
}

/** Copies a host file to the same path under `root`, following symlinks. */
async function copyInto(root: string, path: string): Promise<void> {
  const target = join(root, path);
  await mkdir(dirname(target), { recursive: true });
  await copyFile(realpathSync(path), target);
}

function which(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Assembles the root filesystem in a temp dir; returns the dir. */
async function assembleRootfs(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hs-base-rootfs-'));
  const node = realpathSync(process.execPath);
  await copyInto(root, node);
  if (node !== '/usr/bin/node') {
    await mkdir(join(root, 'usr/bin'), { recursive: true });
    await symlink(node, join(root, 'usr/bin/node'));
  }
  for (const lib of sharedLibraries(node)) await copyInto(root, lib);

  // npm and pnpm from the global modules next to node (the Dockerfiles' build stage runs pnpm).
  const globalModules = join(dirname(dirname(node)), 'lib/node_modules');
  for (const [tool, entry] of [
    ['npm', 'bin/npm-cli.js'],
    ['pnpm', 'bin/pnpm.cjs'],
  ] as const) {
    const dir = join(globalModules, tool);
    if (!existsSync(dir)) continue;
    await cp(dir, join(root, dir), { recursive: true, dereference: false, verbatimSymlinks: true });
    await mkdir(join(root, 'usr/local/bin'), { recursive: true });
    await symlink(join(dir, entry), join(root, 'usr/local/bin', tool));
  }

  const busybox = which('busybox');
  if (!busybox) throw new Error('busybox is needed for the test base image (apt-get install busybox-static)');
  await mkdir(join(root, 'bin'), { recursive: true });
  await copyFile(realpathSync(busybox), join(root, 'bin/busybox'));
  await chmod(join(root, 'bin/busybox'), 0o755);
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const applet of applets) {
    if (applet !== 'busybox' && !existsSync(join(root, 'bin', applet)))
      await symlink('busybox', join(root, 'bin', applet));
  }
  // Scripts' `#!/usr/bin/env node` (npm, pnpm).
  await mkdir(join(root, 'usr/bin'), { recursive: true });
  if (!existsSync(join(root, 'usr/bin/env'))) await symlink('/bin/busybox', join(root, 'usr/bin/env'));

  if (existsSync(CA_BUNDLE)) await copyInto(root, CA_BUNDLE);
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(
    join(root, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nistio:x:1337:1337:istio:/home/istio:/bin/sh\n',
  );
  await writeFile(join(root, 'etc/group'), 'root:x:0:\nistio:x:1337:\n');
  for (const dir of ['tmp', 'root', 'home/istio']) await mkdir(join(root, dir), { recursive: true });
  await chmod(join(root, 'tmp'), 0o1777);
  return root;
}

/**
 * Imports the test base image unless the engine already has it. Returns the image reference and
 * how long the import took (0 when it was present).
 */
export async function ensureTestBaseImage(docker: Docker): Promise<{ image: string; ms: number }> {
  if (await imageExists(docker, TEST_BASE_IMAGE)) return { image: TEST_BASE_IMAGE, ms: 0 };
  const started = Date.now();
  const root = await assembleRootfs();
  try {
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [repo, tag] = TEST_BASE_IMAGE.split(':');
    const stream = await docker.importImage(tar.stdout, {
      repo,
      tag,
      changes: [
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        ...(existsSync(CA_BUNDLE) ? [`ENV NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`] : []),
        'CMD ["node"]',
      ],
    });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()));
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  if (!(await imageExists(docker, TEST_BASE_IMAGE)))
    throw new Error(`importing ${TEST_BASE_IMAGE} did not produce the image`);
  return { image: TEST_BASE_IMAGE, ms: Date.now() - started };
}
