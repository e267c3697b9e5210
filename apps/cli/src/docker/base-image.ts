import { rm } from 'node:fs/promises';
import type Docker from 'dockerode';
import { pack } from 'tar-fs';
import { engineMessage, IMAGE_LABEL, imageExists, PullError, pullImage } from './images.js';
import { assembleLocalRootfs, ROOTFS_PATH } from './local-rootfs.js';

/**
 * The base image our Dockerfiles build FROM (their `ARG BASE_IMAGE` default). Where it is absent
 * and cannot be pulled, the CLI imports one assembled from this machine's own Node.js
 * (local-rootfs.ts) with `docker import`, which needs no registry.
 */
export const DEFAULT_BASE_IMAGE = 'node:20-bookworm-slim';

/** The offline base image's tag: one per Node.js version, so an upgrade of node makes a new one. */
export function localBaseImage(version = process.version): string {
  return `higress-standalone/node-base:${version.replace(/^v/, '')}`;
}

/**
 * Imports the offline base image unless the engine has it. `onLine` gets one line saying what
 * happens; the result says whether it was built now.
 */
export async function ensureLocalBaseImage(
  docker: Docker,
  onLine: (line: string) => void = () => {},
): Promise<{ image: string; built: boolean }> {
  const image = localBaseImage();
  if (await imageExists(docker, image)) return { image, built: false };
  const rootfs = await assembleLocalRootfs();
  onLine(
    `building ${image} from this machine's Node.js ${process.version} (${[
      ...rootfs.packageManagers,
      ...rootfs.tools,
    ].join(', ')}); no registry is used`,
  );
  try {
    const [repo, tag] = image.split(':');
    const stream = await docker.importImage(pack(rootfs.dir), {
      repo,
      tag,
      changes: [
        `ENV PATH=${ROOTFS_PATH}`,
        ...(rootfs.caBundle ? [`ENV NODE_EXTRA_CA_CERTS=${rootfs.caBundle}`] : []),
        `LABEL ${IMAGE_LABEL}=base`,
        'CMD ["node"]',
      ],
    });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()));
    });
  } catch (error) {
    throw new Error(`importing ${image} failed: ${engineMessage(error)}`);
  } finally {
    await rm(rootfs.dir, { recursive: true, force: true });
  }
  if (!(await imageExists(docker, image))) throw new Error(`importing ${image} did not produce the image`);
  return { image, built: true };
}

export interface BaseImageChoice {
  image: string;
  /** present: on the engine already; pulled; local: the offline base (built now or before). */
  source: 'present' | 'pulled' | 'local';
}

/**
 * The base image for our builds. An explicit `requested` image must be present or pullable (never
 * pulled when `offline`). Otherwise: node:20-bookworm-slim when present, else the offline base
 * when present; else, offline, the offline base is built; else node:20-bookworm-slim is pulled and,
 * when that fails, the offline base is built with a line saying why.
 */
export async function resolveBaseImage(
  docker: Docker,
  options: { requested?: string; offline: boolean; onLine?: (line: string) => void },
): Promise<BaseImageChoice> {
  const onLine = options.onLine ?? (() => {});
  if (options.requested) {
    if (await imageExists(docker, options.requested)) return { image: options.requested, source: 'present' };
    if (options.offline) {
      throw new Error(
        `base image ${options.requested} is not on the engine and offline mode never pulls: load it (docker load), or leave --base-image out to build one from this machine's Node.js`,
      );
    }
    await pullImage(docker, options.requested, onLine);
    return { image: options.requested, source: 'pulled' };
  }
  if (await imageExists(docker, DEFAULT_BASE_IMAGE)) return { image: DEFAULT_BASE_IMAGE, source: 'present' };
  if (await imageExists(docker, localBaseImage())) {
    onLine(`${DEFAULT_BASE_IMAGE} is absent; using ${localBaseImage()} (built from this machine's Node.js)`);
    return { image: localBaseImage(), source: 'local' };
  }
  if (!options.offline) {
    try {
      await pullImage(docker, DEFAULT_BASE_IMAGE, onLine);
      return { image: DEFAULT_BASE_IMAGE, source: 'pulled' };
    } catch (error) {
      if (!(error instanceof PullError)) throw error;
      onLine(
        `pulling ${DEFAULT_BASE_IMAGE} failed: ${error.reason}; building the base image from this machine's Node.js instead (--offline skips the pull)`,
      );
    }
  } else {
    onLine(`${DEFAULT_BASE_IMAGE} is absent and offline mode never pulls`);
  }
  const { image } = await ensureLocalBaseImage(docker, onLine);
  return { image, source: 'local' };
}
