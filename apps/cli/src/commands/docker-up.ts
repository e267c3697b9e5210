import { generateTopology, type OwnImage, type StackConfig, startWaves } from '@hs/topology';
import type Docker from 'dockerode';
import { Listr, type ListrTask } from 'listr2';
import { writeComposeFiles } from '../compose-dir.js';
import { resolveBaseImage } from '../docker/base-image.js';
import { buildOwnImage, imageExists, pullImage } from '../docker/images.js';
import { runningTopology } from '../docker/running-topology.js';
import { activeServices, ensureNetworkAndVolumes, selectServices, startService } from '../docker/stack.js';

export interface DockerUpOptions {
  /** The workspace root: build context of our images. */
  root: string;
  /** Where the compose files are written (compose-dir.ts composeDirFor). */
  composeDir: string;
  config: StackConfig;
  /** Active compose profiles (defaults to the config's). */
  profiles: string[];
  /** Build our images (else they must exist or be pullable). */
  build: boolean;
  /** Overrides our Dockerfiles' BASE_IMAGE. */
  baseImage?: string;
  /** Never pull (the config's `offline` says the same): absent images are an error, the base is built. */
  offline?: boolean;
  /**
   * Start only these services (e.g. init, apiserver, fileserver, seed where the Higress images
   * cannot be had); each one's dependencies must be among them. Default: every active service.
   */
  services?: readonly string[];
  /** Per-service readiness limit. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Which of our images (service → Dockerfile name) the topology uses. */
function ownImages(config: StackConfig): { name: OwnImage; tag: string }[] {
  return [
    { name: 'apiserver', tag: config.images.apiserver },
    { name: 'initializer', tag: config.images.initializer },
    { name: 'fileserver', tag: config.images.fileserver },
  ];
}

/**
 * `up` and `pnpm dev` with Docker: write the compose files (compose-dir.ts), choose or make the base
 * image (base-image.ts), build our images, pull the others (offline: only check they are there),
 * create the network and the running services' volumes, then start the services in dependency
 * order, each waiting on its health check or completion. Progress is a listr2 task list on a TTY
 * and plain lines otherwise.
 */
export async function dockerUp(docker: Docker, options: DockerUpOptions): Promise<void> {
  const topology = generateTopology(options.config);
  const include = selectServices(topology, activeServices(topology, options.profiles), options.services);
  const waves = startWaves(topology.compose, include);
  const services = waves.flat();
  const offline = options.offline === true || options.config.offline;
  // The engine gets only the volumes of the services that run; the files on disk stay whole.
  const running = runningTopology(topology, options.config, services);
  const used = new Set(services.map((s) => topology.compose.services[s]?.image));
  const own = ownImages(options.config).filter((image) => used.has(image.tag));
  const ownTags = new Set(options.build ? own.map((i) => i.tag) : []);
  const toPull = [...new Set(services.map((s) => topology.compose.services[s]?.image ?? ''))]
    .filter((ref) => ref && !ownTags.has(ref))
    .sort();

  const pullFailures: string[] = [];
  let baseImage = options.baseImage;
  const tasks: ListrTask[] = [
    {
      title: `Write ${options.composeDir} (docker-compose.yml, env files)`,
      task: async () => {
        await writeComposeFiles(topology, options.root, options.composeDir);
      },
    },
    {
      title: 'Base image',
      enabled: () => options.build && own.length > 0,
      task: async (_, task) => {
        const choice = await resolveBaseImage(docker, {
          ...(options.baseImage ? { requested: options.baseImage } : {}),
          offline,
          onLine: (line) => {
            task.output = line;
          },
        });
        baseImage = choice.image;
        task.title = `Base image ${choice.image} (${choice.source})`;
      },
      // Why this base image (absent, not pulled, built locally) stays on screen.
      rendererOptions: { persistentOutput: true, outputBar: Infinity },
    },
    {
      title: 'Build our images',
      enabled: () => options.build && own.length > 0,
      task: (_, task) =>
        task.newListr(
          own.map((image) => ({
            title: image.tag,
            task: async (__, sub) => {
              await buildOwnImage(
                docker,
                {
                  root: options.root,
                  name: image.name,
                  tag: image.tag,
                  ...(baseImage ? { baseImage } : {}),
                  // A host-network stack builds on the host network too: such engines may have no bridge.
                  ...(options.config.network === 'host' ? { networkMode: 'host' } : {}),
                },
                (line) => {
                  sub.output = line;
                },
              );
            },
          })),
          // The builds wait on the registry and on tsc in turn; side by side they finish sooner.
          { concurrent: true },
        ),
    },
    {
      title: offline ? 'Check images (offline: nothing is pulled)' : 'Pull images',
      task: (_, task) =>
        task.newListr(
          toPull.map((ref) => ({
            title: ref,
            task: async (__, sub) => {
              try {
                if (offline) {
                  if (await imageExists(docker, ref)) {
                    sub.title = `${ref} (present)`;
                    return;
                  }
                  throw new Error(
                    `${ref} is not on the engine and offline mode never pulls: load it (docker load), or start only our services (--services init,apiserver,fileserver,seed)`,
                  );
                }
                const result = await pullImage(docker, ref, (line) => {
                  sub.output = line;
                });
                sub.title = `${ref} (${result})`;
              } catch (error) {
                pullFailures.push((error as Error).message);
                throw error;
              }
            },
          })),
          // Every pull is tried, so one run names every image that cannot be had.
          { concurrent: true, exitOnError: false },
        ),
    },
    {
      title: 'Check images',
      task: () => {
        if (pullFailures.length > 0) throw new Error(pullFailures.join('\n'));
      },
    },
    { title: 'Create network and volumes', task: () => ensureNetworkAndVolumes(docker, running) },
    ...waves.map(
      (wave): ListrTask => ({
        title: `Start ${wave.join(', ')}`,
        task: (_, task) =>
          task.newListr(
            wave.map((service) => ({
              title: service,
              task: async (__, sub) => {
                const oneShot = topology.compose.services[service]?.healthcheck === undefined;
                sub.title = `${service}: starting`;
                await startService(docker, running, service, {
                  timeoutMs: options.timeoutMs,
                  ...(options.signal ? { signal: options.signal } : {}),
                });
                sub.title = `${service}: ${oneShot ? 'completed' : 'healthy'}`;
              },
            })),
            { concurrent: true },
          ),
      }),
    ),
  ];
  await new Listr(tasks, {
    renderer: 'default',
    fallbackRenderer: 'simple',
    registerSignalListeners: false,
    exitOnError: true,
    collectErrors: false,
  }).run();
}
