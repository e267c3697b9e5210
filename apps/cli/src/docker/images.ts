import { OWN_IMAGE_DOCKERFILE, type OwnImage, ownImageBuildArgs } from '@hs/topology';
import type Docker from 'dockerode';
import { buildContextFiles } from './build-context.js';

interface ProgressEvent {
  status?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Follows a build or pull stream to its end; rejects with the engine's own error message. */
function follow(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onLine?: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: ProgressEvent[]) => {
        const failed = output.find((event) => event.error || event.errorDetail);
        if (error) reject(error);
        else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error ?? 'unknown error'));
        else resolve();
      },
      (event: ProgressEvent) => {
        const line = (event.stream ?? event.status ?? '').trim();
        if (line && onLine) onLine(line);
      },
    );
  });
}

/** The engine's own message of a failed request (dockerode prefixes it with the HTTP status). */
export function engineMessage(error: unknown): string {
  let json = (error as { json?: unknown }).json;
  if (typeof json === 'string') {
    const text = json;
    try {
      json = JSON.parse(text);
    } catch {
      return text.trim() || String(error);
    }
  }
  if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string')
    return json.message.trim();
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** Set on every image the CLI makes: `base` (the offline base) or our image's name. */
export const IMAGE_LABEL = 'io.higress-standalone.image';
/** Set by our Dockerfiles' build stages, whose images `down --images` removes (the build cache). */
export const BUILD_STAGE_LABEL = 'io.higress-standalone.build-stage';

/** How an operator avoids every pull; part of each pull failure's message. */
export const OFFLINE_HINT =
  "offline engines: `--offline` (or `offline: true` in the stack config) never pulls, and `higress-standalone images base` builds the base image from this machine's Node.js";

/** A pull that failed: the message names the image, the engine's reason and the offline option. */
export class PullError extends Error {
  constructor(
    readonly ref: string,
    readonly reason: string,
  ) {
    super(`pulling ${ref} failed: ${reason}\n(${OFFLINE_HINT})`);
    this.name = 'PullError';
  }
}

export async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/** How long a pull may go without a progress line before it is given up (a registry that never answers). */
export const PULL_STALL_MS = 120_000;

/**
 * Pulls an image unless present; a failure names the image and the engine's reason. A pull that
 * shows no progress for `stallMs` is aborted (the engine cancels it) instead of hanging.
 */
export async function pullImage(
  docker: Docker,
  ref: string,
  onLine?: (line: string) => void,
  stallMs = PULL_STALL_MS,
): Promise<'present' | 'pulled'> {
  if (await imageExists(docker, ref)) return 'present';
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), stallMs);
  };
  try {
    arm();
    const stream = await docker.pull(ref, { abortSignal: abort.signal });
    await follow(docker, stream, (line) => {
      arm();
      onLine?.(line);
    });
  } catch (error) {
    const reason = abort.signal.aborted
      ? `no progress for ${Math.round(stallMs / 1000)} s (is the registry reachable?)`
      : engineMessage(error);
    throw new PullError(ref, reason);
  } finally {
    clearTimeout(timer);
  }
  return 'pulled';
}

/**
 * Builds one of our images from the workspace root with compose/images/Dockerfile and the app as
 * its APP argument, as the compose file's build section does. `baseImage` overrides the
 * Dockerfile's BASE_IMAGE (e.g. a locally built Node image).
 */
export async function buildOwnImage(
  docker: Docker,
  options: {
    root: string;
    name: OwnImage;
    tag: string;
    baseImage?: string;
    /** Network of the build's RUN steps, e.g. `host` on engines without a default bridge. */
    networkMode?: string;
  },
  onLine?: (line: string) => void,
): Promise<void> {
  const src = await buildContextFiles(options.root);
  try {
    const stream = await docker.buildImage(
      { context: options.root, src },
      {
        t: options.tag,
        dockerfile: OWN_IMAGE_DOCKERFILE,
        buildargs: {
          ...ownImageBuildArgs(options.name),
          ...(options.baseImage ? { BASE_IMAGE: options.baseImage } : {}),
        },
        ...(options.networkMode ? { networkmode: options.networkMode } : {}),
        labels: { [IMAGE_LABEL]: options.name },
        // Never pull: the base image is resolved (and made when absent) before the build.
        pull: false,
        // Intermediate containers go, the final image stays.
        rm: true,
        forcerm: true,
      },
    );
    await follow(docker, stream, onLine);
  } catch (error) {
    throw new Error(`building ${options.tag} failed: ${(error as Error).message}`);
  }
}
