import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The checkout the CLI works on: the nearest directory holding pnpm-workspace.yaml, searched from
 * where the user ran the command. `pnpm dev` runs the CLI inside apps/cli, so the search starts at
 * INIT_CWD (the directory pnpm was invoked from) when pnpm sets it.
 */
export function findWorkspaceRoot(start: string = process.env.INIT_CWD ?? process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}
