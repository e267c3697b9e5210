import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INITIALIZER_ROOT, parseStackConfig } from '@hs/topology';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { dockerUp } from '../commands/docker-up.js';
import { freePort } from '../embedded/free-port.js';
import { WORKSPACE_ROOT } from '../test-helpers/run-cli.js';
import { containerName, PROJECT_LABEL } from './container-spec.js';
import { pullImage } from './images.js';
import { downStack, stackStatus } from './stack.js';
import { ensureTestBaseImage, testEngine } from './test-engine.js';

/**
 * End to end in a real Docker engine, run only where one is reachable: import the test base image
 * (this machine's node; engines here cannot pull), build our three images on it through `up`'s
 * code path, run init → apiserver + fileserver → seed on the host network with file storage
 * (never a bridge network in tests), and drive the containerised API server with the system
 * kubectl through the kubeconfig the initializer generated, TLS verified.
 */
const engine = await testEngine();
if (engine.skipReason) console.log(`skipping the Docker end-to-end tests: ${engine.skipReason}`);
const docker = engine.docker;

const execFileAsync = promisify(execFile);
const projectName = `hs-e2e-${process.pid}`;
const images = {
  apiserver: `${projectName}/apiserver:test`,
  initializer: `${projectName}/initializer:test`,
  fileserver: `${projectName}/fileserver:test`,
};
const dirs: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

afterAll(async () => {
  if (docker) {
    await downStack(docker, projectName, { volumes: true });
    for (const ref of Object.values(images)) {
      await docker
        .getImage(ref)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}, 120_000);

/** A file from a (possibly stopped) container, through the engine's archive API and the system tar. */
async function readContainerFile(container: string, path: string): Promise<string> {
  if (!docker) throw new Error('no engine');
  const archive = await docker.getContainer(container).getArchive({ path });
  const tar = spawn('tar', ['-xO'], { stdio: ['pipe', 'pipe', 'inherit'] });
  archive.pipe(tar.stdin);
  let text = '';
  for await (const chunk of tar.stdout) text += String(chunk);
  return text;
}

async function kubectl(kubeconfig: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    timeout: 60_000,
  });
  return stdout.trim();
}

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
          `^pulling ${absent.replaceAll('.', '\\.')} failed: Get "https?://127\\.0\\.0\\.1:${port}/v2/": .*connection refused$`,
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
    'builds our images, starts init → apiserver + fileserver → seed on the host network and serves kubectl over verified TLS',
    { timeout: 1_800_000 },
    async () => {
      if (!docker) return;
      const base = await ensureTestBaseImage(docker);
      console.log(
        `test base image ${base.image}: ${base.ms === 0 ? 'present' : `imported in ${base.ms} ms`}`,
      );
      const [apiserver, fileserver] = [await freePort(), await freePort()];
      const config = parseStackConfig({
        projectName,
        network: 'host',
        storage: { type: 'file' },
        hostPorts: { apiserver, fileserver },
        images,
        profiles: { console: false },
      });

      const started = Date.now();
      await dockerUp(docker, {
        root: WORKSPACE_ROOT,
        composeDir: await tempDir('hs-e2e-compose-'),
        config,
        profiles: [],
        build: true,
        baseImage: base.image,
        services: ['init', 'apiserver', 'fileserver', 'seed'],
        timeoutMs: 180_000,
      });
      const built = Math.max(
        ...(await Promise.all(
          Object.values(images).map(async (ref) =>
            Date.parse((await docker.getImage(ref).inspect()).Created),
          ),
        )),
      );
      console.log(
        `docker e2e: images built in ${Math.round((built - started) / 1000)} s, stack healthy ${Math.round((Date.now() - built) / 1000)} s later`,
      );

      const status = Object.fromEntries((await stackStatus(docker, projectName)).map((s) => [s.service, s]));
      expect(status.apiserver).toMatchObject({ state: 'running', health: 'healthy' });
      expect(status.fileserver).toMatchObject({ state: 'running', health: 'healthy' });
      expect(status.init?.state).toBe('exited');
      expect(status.seed?.state).toBe('exited');

      // The admin kubeconfig the initializer wrote into the kube volume, read back through the engine.
      const text = await readContainerFile(
        containerName(projectName, 'seed'),
        `${INITIALIZER_ROOT}/volumes/kube/config`,
      );
      const kubeconfig = parseYaml(text) as {
        clusters: { cluster: { server: string; 'insecure-skip-tls-verify'?: boolean } }[];
      };
      expect(kubeconfig.clusters[0]?.cluster.server).toBe(`https://127.0.0.1:${apiserver}`);
      expect(kubeconfig.clusters[0]?.cluster['insecure-skip-tls-verify']).toBeUndefined();
      const file = join(await tempDir('hs-e2e-kube-'), 'config');
      await writeFile(file, text, { mode: 0o600 });
      expect(await readFile(file, 'utf8')).toContain('certificate-authority-data');

      expect(await kubectl(file, 'get', '--raw', '/readyz')).toBe('ok');
      expect(
        await kubectl(file, 'get', 'configmap', 'higress-config', '-n', 'higress-system', '-o', 'name'),
      ).toBe('configmap/higress-config');
      expect(await kubectl(file, 'get', 'mcpbridges', '-A', '-o', 'name')).toMatch(
        /^mcpbridge\.networking\.higress\.io\/default$/m,
      );

      const removed = await downStack(docker, projectName, { volumes: true });
      expect(removed.containers).toBe(4);
      expect(removed.volumes).toBeGreaterThan(0);
      const filter = { label: [`${PROJECT_LABEL}=${projectName}`] };
      expect(await docker.listContainers({ all: true, filters: filter })).toEqual([]);
      expect((await docker.listVolumes({ filters: filter })).Volumes ?? []).toEqual([]);
    },
  );
});
