import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_IMAGES } from '@hs/topology';
import { installedComposeFrontends } from '@hs/topology/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { WORKSPACE_ROOT } from '../test-helpers/run-cli.js';
import { DEFAULT_BASE_IMAGE, localBaseImage } from './base-image.js';
import { PROJECT_LABEL } from './container-spec.js';
import { removeBuiltImages } from './image-cleanup.js';
import { BUILD_STAGE_LABEL, imageExists } from './images.js';
import { downStack } from './stack.js';
import { testEngine } from './test-engine.js';

/**
 * compose/README.md "Without the Higress images (offline)" as an operator meets it: its shell block
 * is read from the README and run by bash from the repository root, as it stands (the default
 * project, stack.yaml and kubeconfig at the root), on an engine with no registry access and with
 * no base image (an earlier run's offline base is removed first). Between the block's last
 * command (`down`) and the rest, every installed Compose front end must list the containers the
 * CLI started. Afterwards nothing may be left: no container, volume, image, build stage, dangling
 * image, pull, or change to the checkout.
 */
const execFileAsync = promisify(execFile);
const PROJECT = 'higress-standalone';
const README = join(WORKSPACE_ROOT, 'compose/README.md');
const created = ['stack.yaml', 'kubeconfig'].map((f) => join(WORKSPACE_ROOT, f));
const composeDir = join(WORKSPACE_ROOT, '.compose', PROJECT);

const engine = await testEngine();
const docker = engine.docker;
let skipReason = engine.skipReason;
if (!skipReason && created.some((f) => existsSync(f)))
  skipReason = 'stack.yaml or kubeconfig exists at the repository root and the guide would replace it';
if (!skipReason && docker) {
  const running = await docker.listContainers({
    all: true,
    filters: { label: [`${PROJECT_LABEL}=${PROJECT}`] },
  });
  if (running.length > 0)
    skipReason = `a ${PROJECT} stack has containers on this engine and the guide would replace it`;
}
if (skipReason) console.log(`skipping the offline guide's end-to-end run: ${skipReason}`);
const composeDirExisted = existsSync(composeDir);
let started = false;

afterAll(async () => {
  if (skipReason) return;
  // After a failure midway, what the guide's own `down --volumes --images` would have removed.
  if (docker && started) {
    await downStack(docker, PROJECT, { volumes: true });
    await removeBuiltImages(docker, [
      DEFAULT_IMAGES.apiserver,
      DEFAULT_IMAGES.initializer,
      DEFAULT_IMAGES.fileserver,
    ]);
  }
  await Promise.all(created.map((f) => rm(f, { force: true })));
  if (!composeDirExisted) await rm(composeDir, { recursive: true, force: true });
}, 120_000);

/** The README's offline block: the shell commands before `down`, and `down` (with the CLI function). */
async function guideBlock(): Promise<{ upToStatus: string; down: string }> {
  const text = await readFile(README, 'utf8');
  const section = text.slice(text.indexOf('**Without the Higress images (offline).**'));
  const block = section.match(/```sh\n([\s\S]*?)\n```/)?.[1];
  if (!block) throw new Error('compose/README.md has no shell block under "Without the Higress images"');
  const lines = block.split('\n');
  const down = lines.findIndex((l) => l.startsWith('higress-standalone down'));
  expect(lines[0]).toMatch(/^higress-standalone\(\) \{/);
  expect(down).toBe(lines.length - 1);
  return { upToStatus: lines.slice(0, down).join('\n'), down: [lines[0], lines[down]].join('\n') };
}

/** bash -e from the repository root, as an operator's terminal; INIT_CWD is pnpm's to set. */
async function bash(script: string): Promise<string> {
  const env = { ...process.env };
  delete env.INIT_CWD;
  try {
    const { stdout, stderr } = await execFileAsync('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: WORKSPACE_ROOT,
      env,
      timeout: 1_500_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`the guide's commands failed:\n${script}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

async function checkoutStatus(): Promise<string> {
  const { stdout } = await execFileAsync('git', ['status', '--porcelain'], { cwd: WORKSPACE_ROOT });
  return stdout;
}

describe('compose/README.md "Without the Higress images (offline)", verbatim (real engine)', () => {
  it.skipIf(skipReason !== undefined)(
    'builds the base image and ours offline, serves kubectl, reports status, is seen by every Compose front end and leaves nothing',
    { timeout: 1_800_000 },
    async () => {
      if (!docker) return;
      if (await imageExists(docker, localBaseImage())) {
        await docker.getImage(localBaseImage()).remove({ force: true });
      }
      const defaultBasePresent = await imageExists(docker, DEFAULT_BASE_IMAGE);
      const danglingBefore = (await docker.listImages({ filters: { dangling: ['true'] } })).length;
      const checkoutBefore = await checkoutStatus();
      const since = Math.floor(Date.now() / 1000) - 1;
      const { upToStatus, down } = await guideBlock();

      started = true;
      const out = await bash(upToStatus);
      if (!defaultBasePresent) {
        expect(out).toContain(`${DEFAULT_BASE_IMAGE} is absent and offline mode never pulls`);
        expect(out).toContain(`building ${localBaseImage()} from this machine's Node.js ${process.version}`);
      }
      expect(out).toContain('Stack is up.');
      // kubectl get --raw /readyz over verified TLS, with the kubeconfig docker cp fetched.
      expect(out).toMatch(/^ok$/m);
      const kubeconfig = parseYaml(await readFile(join(WORKSPACE_ROOT, 'kubeconfig'), 'utf8')) as {
        clusters: { cluster: { server: string; 'insecure-skip-tls-verify'?: boolean } }[];
      };
      expect(kubeconfig.clusters[0]?.cluster.server).toBe('https://127.0.0.1:8443');
      expect(kubeconfig.clusters[0]?.cluster['insecure-skip-tls-verify']).toBeUndefined();
      // status: health, the one-shot services' exit codes, certificate expiry.
      expect(out).toMatch(/^apiserver +running +healthy$/m);
      expect(out).toMatch(/^fileserver +running +healthy$/m);
      expect(out).toMatch(/^init +exited \(0\)$/m);
      expect(out).toMatch(/^seed +exited \(0\)$/m);
      expect(out).toMatch(
        /^ {2}api\/server\.crt +\d{4}-\d\d-\d\dT\S+Z +in \d+ day\(s\) +O=higress, CN=higress-apiserver$/m,
      );
      expect(out).toMatch(/^ {2}gateway\/secrets\/tokens\/istio-token +\S+ +in \d+ day\(s\) +token /m);

      // Every installed Compose front end sees the CLI's containers in the compose directory.
      const names = ['apiserver', 'fileserver', 'init', 'seed'].map((s) => `${PROJECT}-${s}-1`);
      for (const frontend of installedComposeFrontends()) {
        const { stdout } = await execFileAsync(frontend.command, [...frontend.args, 'ps', '-a'], {
          cwd: composeDir,
        });
        for (const name of names) expect(stdout, `${frontend.name} ps -a`).toContain(name);
      }
      // Only the volumes of the services that ran.
      const filter = { label: [`${PROJECT_LABEL}=${PROJECT}`] };
      const volumes = ((await docker.listVolumes({ filters: filter })).Volumes ?? [])
        .map((v) => v.Name)
        .sort();
      expect(volumes).toEqual(
        ['api', 'console', 'file-store', 'fileserver', 'kube', 'pki'].map((k) => `${PROJECT}-${k}`).sort(),
      );

      const downOut = await bash(down);
      expect(downOut).toContain('removed 4 container(s) and 6 volume(s)');
      expect(downOut).toMatch(/removed \d+ image\(s\)/);
      expect(downOut).not.toContain('kept ');
      expect(await docker.listContainers({ all: true, filters: filter })).toEqual([]);
      expect((await docker.listVolumes({ filters: filter })).Volumes ?? []).toEqual([]);
      for (const ref of [
        DEFAULT_IMAGES.apiserver,
        DEFAULT_IMAGES.initializer,
        DEFAULT_IMAGES.fileserver,
        localBaseImage(),
      ])
        expect(await imageExists(docker, ref), ref).toBe(false);
      expect(await docker.listImages({ all: true, filters: { label: [BUILD_STAGE_LABEL] } })).toEqual([]);
      expect((await docker.listImages({ filters: { dangling: ['true'] } })).length).toBeLessThanOrEqual(
        danglingBefore,
      );
      expect(await checkoutStatus()).toBe(checkoutBefore);
      // The engine never tried a registry: no pull in its event log since the block began.
      const events = await docker.getEvents({
        since,
        until: Math.floor(Date.now() / 1000) + 1,
        filters: { type: ['image'], event: ['pull'] },
      });
      const log = await new Promise<string>((resolve, reject) => {
        let text = '';
        events.on('data', (chunk: Buffer) => (text += chunk.toString()));
        events.on('end', () => resolve(text));
        events.on('error', reject);
      });
      expect(log.trim()).toBe('');
    },
  );
});
