import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A root filesystem for the offline base image, assembled from what this machine already has: the
 * running Node.js (its binary and the shared libraries `ldd` lists), npm and pnpm when installed
 * next to it, the few commands below, the CA bundle node trusts, and passwd entries for root and
 * 1337 (the uid our images run as). Nothing is downloaded and nothing is installed on the host.
 */

/**
 * Commands our Dockerfile's RUN steps (compose/images/Dockerfile) and pnpm's bin shims
 * (`#!/bin/sh`, `dirname`, `sed`, `uname`) call besides node, npm and pnpm, plus `env` for the
 * `#!/usr/bin/env node` scripts. A RUN step that needs another command must add it here.
 */
export const BASE_TOOLS = [
  'sh',
  'env',
  'dirname',
  'sed',
  'uname',
  'grep',
  'find',
  'rm',
  'mkdir',
  'chown',
  'cat',
  'ls',
] as const;

export const ROOTFS_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface Rootfs {
  dir: string;
  /** The CA bundle inside the image, for NODE_EXTRA_CA_CERTS, when the host has one. */
  caBundle?: string;
  /** What went in, for the progress line. */
  tools: string[];
  packageManagers: string[];
}

function which(command: string): string | null {
  try {
    const found = execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
    return found.startsWith('/') ? found : null;
  } catch {
    return null;
  }
}

/** Shared libraries of a dynamically linked binary as `ldd` lists them (the loader included). */
function sharedLibraries(binary: string): string[] {
  let out: string;
  try {
    out = execFileSync('ldd', [binary], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // A static binary makes ldd exit non-zero ("not a dynamic executable"): it needs nothing.
    const text = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    if (/not a dynamic executable|statically linked/.test(text)) return [];
    throw new Error(`ldd ${binary} failed: ${text.trim() || (error as Error).message}`);
  }
  return [...out.matchAll(/(\/[^\s)]+)/g)].map((m) => m[1] ?? '').filter((p) => p && existsSync(p));
}

/** Copies a host file to `target` under `root` (following symlinks) with its mode. */
async function copyInto(root: string, source: string, target = source): Promise<void> {
  const path = join(root, target);
  await mkdir(dirname(path), { recursive: true });
  await copyFile(realpathSync(source), path);
}

async function copyBinary(root: string, source: string, target: string, copied: Set<string>) {
  await copyInto(root, source, target);
  for (const lib of sharedLibraries(realpathSync(source))) {
    if (copied.has(lib)) continue;
    copied.add(lib);
    await copyInto(root, lib);
  }
}

/** Assembles the root filesystem in a new temporary directory; the caller removes it. */
export async function assembleLocalRootfs(): Promise<Rootfs> {
  const root = await mkdtemp(join(tmpdir(), 'hs-base-rootfs-'));
  const copied = new Set<string>();
  // One bin directory: /bin and /sbin point into /usr, as on merged-/usr systems.
  await mkdir(join(root, 'usr/bin'), { recursive: true });
  await mkdir(join(root, 'usr/local/bin'), { recursive: true });
  await symlink('usr/bin', join(root, 'bin'));
  await symlink('usr/bin', join(root, 'sbin'));

  const node = realpathSync(process.execPath);
  await copyBinary(root, node, '/usr/bin/node', copied);

  const missing: string[] = [];
  for (const tool of BASE_TOOLS) {
    const path = tool === 'sh' ? '/bin/sh' : which(tool);
    if (!path || !existsSync(path)) missing.push(tool);
    else await copyBinary(root, path, `/usr/bin/${tool}`, copied);
  }
  if (missing.length > 0) {
    throw new Error(`cannot assemble the base image: this machine has no ${missing.join(', ')}`);
  }

  // npm and pnpm from the global modules next to node; the Dockerfiles skip pnpm's download when
  // the version matches and otherwise install it with npm.
  const packageManagers: string[] = [];
  const globalModules = join(dirname(dirname(node)), 'lib/node_modules');
  for (const [tool, entry] of [
    ['npm', 'bin/npm-cli.js'],
    ['pnpm', 'bin/pnpm.cjs'],
  ] as const) {
    const dir = join(globalModules, tool);
    if (!existsSync(join(dir, entry))) continue;
    const inside = `/usr/local/lib/node_modules/${tool}`;
    await cp(dir, join(root, inside), { recursive: true, verbatimSymlinks: true });
    await symlink(`${inside}/${entry}`, join(root, 'usr/local/bin', tool));
    packageManagers.push(tool);
  }

  // The bundle node is told to trust here (e.g. a TLS-intercepting proxy's CA) or the system one.
  const caSource = [process.env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt'].find(
    (p): p is string => !!p && existsSync(p),
  );
  const caBundle = caSource ? '/etc/ssl/certs/ca-certificates.crt' : undefined;
  if (caSource && caBundle) await copyInto(root, caSource, caBundle);

  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(
    join(root, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nistio:x:1337:1337:istio:/home/istio:/bin/sh\n',
  );
  await writeFile(join(root, 'etc/group'), 'root:x:0:\nistio:x:1337:\n');
  for (const dir of ['tmp', 'root', 'home/istio']) await mkdir(join(root, dir), { recursive: true });
  await chmod(join(root, 'tmp'), 0o1777);
  return { dir: root, ...(caBundle ? { caBundle } : {}), tools: [...BASE_TOOLS], packageManagers };
}
