import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStackConfig } from '@hs/topology';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerUp } from '../commands/docker-up.js';
import { WORKSPACE_ROOT } from '../test-helpers/run-cli.js';
import { PROJECT_LABEL } from './container-spec.js';
import { pullImage } from './images.js';
import { downStack } from './stack.js';
import { testEngine } from './test-engine.js';

/**
 * End to end in a real Docker engine, run only where one is reachable. Engines here have no
 * registry access: a pull that fails names the image and the reason, a stalled pull is given up,
 * and offline mode never contacts a registry. The documented offline path itself runs in
 * offline-guide.e2e.test.ts.
 */
const engine = await testEngine();
if (engine.skipReason) console.log(`skipping the Docker end-to-end tests: ${engine.skipReason}`);
const docker = engine.docker;

const projectName = `hs-e2e-${process.pid}`;
const dirs: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

afterAll(async () => {
  // The tests assert nothing was created; this only tidies up after a failure.
  if (docker)
    for (const suffix of ['pull', 'offline'])
      await downStack(docker, `${projectName}-${suffix}`, { volumes: true });
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}, 120_000);

/** A loopback port nothing listens on: a registry there refuses the connection at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('Docker stack (real engine)', () => {
  it.skipIf(!docker)(
    'names the image and the reason when a pull fails, without hanging',
    { timeout: 120_000 },
    async () => {
      if (!docker) return;
      const port = await closedPort();
      const absent = `127.0.0.1:${port}/hs-e2e/absent:none`;
      const config = parseStackConfig({
        projectName: `${projectName}-pull`,
        network: 'host',
        storage: { type: 'file' },
        images: { initializer: absent },
      });
      const attempt = dockerUp(docker, {
        root: WORKSPACE_ROOT,
        composeDir: await tempDir('hs-e2e-compose-'),
        config,
        profiles: [],
        build: false,
        services: ['init'],
        timeoutMs: 30_000,
      });
      await expect(attempt).rejects.toThrow(
        new RegExp(
          `^pulling ${absent.replaceAll('.', '\\.')} failed: Get "https?://127\\.0\\.0\\.1:${port}/v2/": .*connection refused\\n\\(offline engines: \`--offline\` \\(or \`offline: true\` in the stack config\\) never pulls, and \`higress-standalone images base\` builds the base image`,
        ),
      );
      expect(
        await docker.listContainers({
          all: true,
          filters: { label: [`${PROJECT_LABEL}=${projectName}-pull`] },
        }),
      ).toEqual([]);
    },
  );

  it.skipIf(!docker)(
    'gives up a pull that makes no progress instead of hanging',
    { timeout: 60_000 },
    async () => {
      if (!docker) return;
      // A registry that accepts connections and never answers.
      const sockets: Socket[] = [];
      const registry = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
      const address = registry.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      try {
        const ref = `127.0.0.1:${address.port}/hs-e2e/silent:none`;
        await expect(pullImage(docker, ref, undefined, 2_000)).rejects.toThrow(
          `pulling ${ref} failed: no progress for 2 s`,
        );
        expect(sockets.length).toBeGreaterThan(0);
      } finally {
        for (const socket of sockets) socket.destroy();
        registry.close();
      }
    },
  );

  it.skipIf(!docker)(
    'offline mode never contacts a registry: an absent image is named with what to do instead',
    { timeout: 60_000 },
    async () => {
      if (!docker) return;
      const sockets: Socket[] = [];
      const registry = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
      const address = registry.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      try {
        const absent = `127.0.0.1:${address.port}/hs-e2e/absent:none`;
        const config = parseStackConfig({
          projectName: `${projectName}-offline`,
          network: 'host',
          storage: { type: 'file' },
          images: { initializer: absent },
          offline: true,
        });
        const attempt = dockerUp(docker, {
          root: WORKSPACE_ROOT,
          composeDir: await tempDir('hs-e2e-compose-'),
          config,
          profiles: [],
          build: false,
          services: ['init'],
          timeoutMs: 30_000,
        });
        await expect(attempt).rejects.toThrow(
          `${absent} is not on the engine and offline mode never pulls: load it (docker load), or start only our services`,
        );
        expect(sockets).toHaveLength(0);
      } finally {
        for (const socket of sockets) socket.destroy();
        registry.close();
      }
    },
  );
});
