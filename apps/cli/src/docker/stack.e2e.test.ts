import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseStackConfig } from '@hs/topology';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { dockerUp } from '../commands/docker-up.js';
import { freePort } from '../embedded/free-port.js';
import { WORKSPACE_ROOT } from '../test-helpers/run-cli.js';
import { DEFAULT_BASE_IMAGE, localBaseImage } from './base-image.js';
import { PROJECT_LABEL } from './container-spec.js';
import { BUILD_STAGE_LABEL, imageExists, pullImage } from './images.js';
import { downStack } from './stack.js';
import { testEngine } from './test-engine.js';

/**
 * End to end in a real Docker engine, run only where one is reachable. Engines here have no
 * registry access, and the last test follows compose/README.md "Without the Higress images"
 * literally through the CLI itself: offline `up` builds the base image from this machine's
 * Node.js (removed first if an earlier run left it), builds our three images on it, runs
 * init → apiserver + fileserver → seed on the host network with file storage (never a bridge
 * network in tests), then `docker cp` of the kubeconfig, the system kubectl over verified TLS,
 * `status`, and `down --volumes --images`, leaving neither images nor a dirty checkout behind.
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
    await rm(join(WORKSPACE_ROOT, '.compose', projectName), { recursive: true, force: true });
    for (const ref of Object.values(images)) {
      await docker
        .getImage(ref)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}, 120_000);

/** The operator guide's `higress-standalone <args>`: the CLI as `pnpm --filter @hs/cli run start --` runs it. */
async function cli(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(
      'pnpm',
      ['--silent', '--filter', '@hs/cli', 'run', 'start', '--', ...args],
      { cwd: WORKSPACE_ROOT, timeout: 1_500_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`higress-standalone ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** `git status` of the checkout (compose/ and everything else tracked or not ignored). */
async function checkoutStatus(): Promise<string> {
  const { stdout } = await execFileAsync('git', ['status', '--porcelain'], { cwd: WORKSPACE_ROOT });
  return stdout;
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

  it.skipIf(!docker)(
    'the documented offline path: up builds the base image and ours, kubectl over verified TLS, status, down --volumes --images',
    { timeout: 1_800_000 },
    async () => {
      if (!docker) return;
      // No pre-imported base image: an earlier run's offline base goes first (force: only untagged
      // where images still build on it).
      if (await imageExists(docker, localBaseImage())) {
        await docker.getImage(localBaseImage()).remove({ force: true });
      }
      const defaultBasePresent = await imageExists(docker, DEFAULT_BASE_IMAGE);
      const danglingBefore = (await docker.listImages({ filters: { dangling: ['true'] } })).length;
      const checkoutBefore = await checkoutStatus();
      const [apiserver, fileserver] = [await freePort(), await freePort()];
      const dir = await tempDir('hs-e2e-stack-');
      const stackFile = join(dir, 'stack.yaml');
      // compose/README.md's stack.yaml, plus what keeps a test run apart from an operator's stack.
      await writeFile(
        stackFile,
        [
          'storage: { type: file }',
          'network: host',
          'offline: true',
          `projectName: ${projectName}`,
          `hostPorts: { apiserver: ${apiserver}, fileserver: ${fileserver} }`,
          `images: { apiserver: ${images.apiserver}, initializer: ${images.initializer}, fileserver: ${images.fileserver} }`,
          '',
        ].join('\n'),
      );

      const started = Date.now();
      const up = await cli('up', '-c', stackFile, '--services', 'init,apiserver,fileserver,seed');
      console.log(
        `docker e2e: offline up (base image and three images built) in ${Math.round((Date.now() - started) / 1000)} s`,
      );
      if (!defaultBasePresent) {
        expect(up).toContain(`${DEFAULT_BASE_IMAGE} is absent and offline mode never pulls`);
        expect(up).toContain(`building ${localBaseImage()} from this machine's Node.js ${process.version}`);
      }
      expect(up).toContain('Stack is up.');
      expect(
        await readFile(join(WORKSPACE_ROOT, '.compose', projectName, 'docker-compose.yml'), 'utf8'),
      ).toContain(`image: ${images.apiserver}`);

      // The guide's docker cp and kubectl, verbatim but for the names.
      const kubeconfig = join(dir, 'kubeconfig');
      await execFileAsync('docker', [
        'cp',
        `${projectName}-seed-1:/var/lib/higress-standalone/volumes/kube/config`,
        kubeconfig,
      ]);
      const parsed = parseYaml(await readFile(kubeconfig, 'utf8')) as {
        clusters: { cluster: { server: string; 'insecure-skip-tls-verify'?: boolean } }[];
      };
      expect(parsed.clusters[0]?.cluster.server).toBe(`https://127.0.0.1:${apiserver}`);
      expect(parsed.clusters[0]?.cluster['insecure-skip-tls-verify']).toBeUndefined();
      expect(await kubectl(kubeconfig, 'get', '--raw', '/readyz')).toBe('ok');
      expect(
        await kubectl(kubeconfig, 'get', 'configmap', 'higress-config', '-n', 'higress-system', '-o', 'name'),
      ).toBe('configmap/higress-config');
      expect(await kubectl(kubeconfig, 'get', 'mcpbridges', '-A', '-o', 'name')).toMatch(
        /^mcpbridge\.networking\.higress\.io\/default$/m,
      );

      // Only the volumes of the services that ran.
      const filter = { label: [`${PROJECT_LABEL}=${projectName}`] };
      const volumes = ((await docker.listVolumes({ filters: filter })).Volumes ?? [])
        .map((v) => v.Name)
        .sort();
      expect(volumes).toEqual(
        ['api', 'console', 'file-store', 'fileserver', 'kube', 'pki']
          .map((k) => `${projectName}-${k}`)
          .sort(),
      );

      const status = await cli('status', '-c', stackFile);
      expect(status).toMatch(/^apiserver +running +healthy$/m);
      expect(status).toMatch(/^fileserver +running +healthy$/m);
      expect(status).toMatch(/^init +exited \(0\)$/m);
      expect(status).toMatch(/^seed +exited \(0\)$/m);
      expect(status).toContain(
        'certificates and tokens (issued by init; warnings from 30 days before expiry):',
      );
      expect(status).toMatch(
        /^ {2}api\/server\.crt +\d{4}-\d\d-\d\dT\S+Z +in \d+ day\(s\) +O=higress, CN=higress-apiserver$/m,
      );
      expect(status).toMatch(/^ {2}pilot\/cacerts\/root-cert\.pem +\d{4}-/m);
      expect(status).toMatch(
        /^ {2}gateway\/secrets\/tokens\/istio-token +\S+ +in \d+ day\(s\) +token system:serviceaccount:/m,
      );

      const down = await cli('down', '-c', stackFile, '--volumes', '--images');
      expect(down).toContain('removed 4 container(s) and 6 volume(s)');
      expect(down).toMatch(/removed \d+ image\(s\)/);
      expect(down).not.toContain('kept ');
      expect(await docker.listContainers({ all: true, filters: filter })).toEqual([]);
      expect((await docker.listVolumes({ filters: filter })).Volumes ?? []).toEqual([]);
      for (const ref of [...Object.values(images), localBaseImage()])
        expect(await imageExists(docker, ref), ref).toBe(false);
      expect(await docker.listImages({ all: true, filters: { label: [BUILD_STAGE_LABEL] } })).toEqual([]);
      expect((await docker.listImages({ filters: { dangling: ['true'] } })).length).toBeLessThanOrEqual(
        danglingBefore,
      );
      expect(await checkoutStatus()).toBe(checkoutBefore);
    },
  );
});
