import type Docker from 'dockerode';
import { connectDocker, dockerReachable } from './docker/engine.js';

/** Why `command` cannot run without an engine, and what to do instead; one wording for every command. */
export function dockerMissing(command: string, reason: string): string {
  return `${command} needs Docker: ${reason}. Start a Docker engine (or point DOCKER_HOST at one); \`pnpm dev --local\` runs the embedded stack without Docker.`;
}

/** A client of a reachable Docker engine for `command`, or the dockerMissing error. */
export async function requireDocker(command: string): Promise<Docker> {
  const reach = await dockerReachable();
  if (!reach.reachable) throw new Error(dockerMissing(command, reach.reason));
  return connectDocker();
}
