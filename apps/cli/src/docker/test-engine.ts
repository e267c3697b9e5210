import type Docker from 'dockerode';
import { connectDocker, dockerReachable } from './engine.js';

/**
 * Test support for the real-Docker end-to-end tests: the engine, or why they are skipped. The
 * tests build their base image the way an operator does (the CLI's offline base image), so there
 * is no test-only image here.
 */
export type TestEngine =
  | { docker: Docker; skipReason?: undefined }
  | { docker?: undefined; skipReason: string };

/** The engine at DOCKER_HOST or /var/run/docker.sock, or why the Docker tests are skipped. */
export async function testEngine(): Promise<TestEngine> {
  const reach = await dockerReachable();
  if (!reach.reachable) return { skipReason: reach.reason };
  return { docker: await connectDocker() };
}
