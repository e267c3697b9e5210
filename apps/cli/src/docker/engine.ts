import { existsSync } from 'node:fs';
import type Docker from 'dockerode';

const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * A client for the engine at DOCKER_HOST, or the default local socket. dockerode is loaded on
 * first use: it is the heaviest module of the CLI and the embedded default never needs it.
 */
export async function connectDocker(): Promise<Docker> {
  const { default: DockerClient } = await import('dockerode');
  return new DockerClient();
}

export type Reachability = { reachable: true } | { reachable: false; reason: string };

/** Whether an engine answers /_ping within `timeoutMs`; the reason says why not. */
export async function dockerReachable(docker?: Docker, timeoutMs = 1500): Promise<Reachability> {
  const where = process.env.DOCKER_HOST ?? DEFAULT_SOCKET;
  if (!docker && !process.env.DOCKER_HOST && !existsSync(DEFAULT_SOCKET)) {
    return {
      reachable: false,
      reason: `no Docker engine: ${DEFAULT_SOCKET} does not exist and DOCKER_HOST is unset`,
    };
  }
  const client = docker ?? (await connectDocker());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.ping(), timeout]);
    return { reachable: true };
  } catch (error) {
    return { reachable: false, reason: `no Docker engine at ${where}: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
