import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Listr } from 'listr2';
import { buildKey } from './build-key.js';
import { countPackages, goBuild, goVersion } from './go-tool.js';
import { binDir, cacheDir, cliPluginsDir, peersRoot } from './paths.js';
import { PEER_TARGETS, type PeerTarget } from './targets.js';

export interface BuiltPeer {
  name: string;
  path: string;
  /** `cached`: the binary for this key already existed; `built`: compiled now. */
  outcome: 'cached' | 'built';
  seconds: number;
}

/** Copies `from` to `dest` through a temporary file, so a reader never sees half a binary. */
function copyInto(from: string, dest: string): void {
  const tmp = `${dest}.tmp-${process.pid}`;
  copyFileSync(from, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, dest);
}

/**
 * Copies the cached binary for `key` into `peers/bin/` with its key beside it, and a Docker CLI
 * plugin also into the CLI's plugin directory (where `docker <subcommand>` looks for it).
 */
function install(target: PeerTarget, cached: string, key: string): string {
  mkdirSync(binDir(), { recursive: true });
  const dest = join(binDir(), target.name);
  copyInto(cached, dest);
  writeFileSync(`${dest}.key`, `${key}\n`);
  if (target.cliPlugin) {
    mkdirSync(cliPluginsDir(), { recursive: true });
    copyInto(cached, join(cliPluginsDir(), target.name));
  }
  return dest;
}

async function buildOne(
  target: PeerTarget,
  version: string,
  progress: (line: string) => void,
): Promise<BuiltPeer> {
  const started = performance.now();
  const moduleDir = join(peersRoot(), target.module);
  const key = buildKey(target, moduleDir, version);
  const cached = join(cacheDir(), key, target.name);
  let outcome: BuiltPeer['outcome'] = 'cached';
  if (!existsSync(cached)) {
    outcome = 'built';
    progress('resolving packages');
    const total = countPackages(moduleDir, target.pkg);
    let done = 0;
    mkdirSync(join(cacheDir(), key), { recursive: true });
    const partial = `${cached}.partial`;
    rmSync(partial, { force: true });
    await goBuild(moduleDir, target.pkg, partial, (pkg) => {
      done += 1;
      progress(total ? `compiled ${done}/${total} packages (${pkg})` : `compiled ${pkg}`);
    });
    renameSync(partial, cached);
  }
  const path = install(target, cached, key);
  return { name: target.name, path, outcome, seconds: (performance.now() - started) / 1000 };
}

/**
 * Builds every peer (or the named ones) into `peers/bin/`, reusing a cached binary when its key is
 * unchanged; Go's own build cache makes the rest incremental. Throws PeerBuildError without Go.
 */
export async function buildPeers(names?: string[], opts: { quiet?: boolean } = {}): Promise<BuiltPeer[]> {
  const version = goVersion();
  const targets = names?.length ? PEER_TARGETS.filter((t) => names.includes(t.name)) : PEER_TARGETS;
  const unknown = (names ?? []).filter((n) => !PEER_TARGETS.some((t) => t.name === n));
  if (unknown.length)
    throw new Error(
      `unknown peer(s): ${unknown.join(', ')}; known: ${PEER_TARGETS.map((t) => t.name).join(', ')}`,
    );
  const results: BuiltPeer[] = [];
  const tasks = new Listr(
    targets.map((target) => ({
      title: `${target.name}: ${target.description}`,
      task: async (_ctx: unknown, task: { output: string; title: string }) => {
        const r = await buildOne(target, version, (line) => {
          task.output = line;
        });
        results.push(r);
        task.title = `${target.name}: ${r.outcome === 'cached' ? 'up to date' : `built in ${r.seconds.toFixed(0)} s`}`;
      },
    })),
    {
      concurrent: false,
      exitOnError: true,
      renderer: opts.quiet ? 'silent' : process.stdout.isTTY ? 'default' : 'simple',
    },
  );
  await tasks.run();
  return results;
}
