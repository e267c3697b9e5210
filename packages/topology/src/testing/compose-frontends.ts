import { execFileSync } from 'node:child_process';

/**
 * Test support (`@hs/topology/testing`): the Compose front ends installed on this machine, so that
 * tests check generated files with each one there is.
 */

/** A Docker Compose command line: `docker compose` (v2 plugin) or `docker-compose` (v1 or v2 standalone). */
export interface ComposeFrontend {
  name: string;
  command: string;
  args: string[];
}

const CANDIDATES: ComposeFrontend[] = [
  { name: 'docker compose', command: 'docker', args: ['compose'] },
  { name: 'docker-compose', command: 'docker-compose', args: [] },
];

/** The Compose front ends installed here, each with the version it reports. */
export function installedComposeFrontends(): (ComposeFrontend & { version: string })[] {
  const found: (ComposeFrontend & { version: string })[] = [];
  for (const frontend of CANDIDATES) {
    try {
      const version = execFileSync(frontend.command, [...frontend.args, 'version', '--short'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      found.push({ ...frontend, version });
    } catch {
      // not installed (or `docker` without the compose plugin)
    }
  }
  return found;
}
