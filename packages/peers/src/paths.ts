import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's `peers/` directory (our Go modules; `bin/` beside them is git-ignored). */
export function peersRoot(): string {
  if (process.env.HS_PEERS_DIR) return resolve(process.env.HS_PEERS_DIR);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the workspace root above @hs/peers');
    dir = up;
  }
  return join(dir, 'peers');
}

export const binDir = () => join(peersRoot(), 'bin');

/**
 * Built binaries are kept outside the checkout, one directory per build key, so a fresh clone
 * (CI) reuses them while go.mod, go.sum, our Go code and the Go version are unchanged.
 */
export function cacheDir(): string {
  if (process.env.HS_PEERS_CACHE) return resolve(process.env.HS_PEERS_CACHE);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'higress-standalone', 'peers');
}

/**
 * The Docker CLI's per-user plugin directory, `$DOCKER_CONFIG/cli-plugins` (default
 * `~/.docker/cli-plugins`): the Compose v2 peer goes there so that `docker compose` finds it.
 */
export function cliPluginsDir(): string {
  return join(
    process.env.DOCKER_CONFIG ? resolve(process.env.DOCKER_CONFIG) : join(homedir(), '.docker'),
    'cli-plugins',
  );
}
