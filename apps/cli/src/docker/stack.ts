import { startWaves, type Topology } from '@hs/topology';
import type Docker from 'dockerode';
import { containerName, containerSpec, PROJECT_LABEL, SERVICE_LABEL } from './container-spec.js';
import { waitForContainer } from './wait-container.js';

/** The services `up` starts: everything except those in a profile that is not active. */
export function activeServices(topology: Topology, profiles: readonly string[]): (name: string) => boolean {
  return (name) => {
    const serviceProfiles = topology.compose.services[name]?.profiles ?? [];
    return serviceProfiles.length === 0 || serviceProfiles.some((p) => profiles.includes(p));
  };
}

/**
 * Narrows `include` to the named services (all of them when `names` is undefined); an unknown name
 * is an error. Dependencies are checked by startWaves, which names a dependency left out.
 */
export function selectServices(
  topology: Topology,
  include: (name: string) => boolean,
  names: readonly string[] | undefined,
): (name: string) => boolean {
  if (names === undefined) return include;
  const known = Object.keys(topology.compose.services);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new Error(`no service ${unknown.join(', ')}; services: ${known.join(', ')}`);
  const chosen = new Set(names);
  return (name) => chosen.has(name) && include(name);
}

async function isMissing(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise;
    return false;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return true;
    throw error;
  }
}

/**
 * Creates the project's network (bridge mode) and volumes when absent; volumes keep their data.
 * `up` passes runningTopology(), so only the volumes of the services that run are created.
 */
export async function ensureNetworkAndVolumes(docker: Docker, topology: Topology): Promise<void> {
  const labels = { [PROJECT_LABEL]: topology.projectName };
  for (const [key, network] of Object.entries(topology.compose.networks ?? {})) {
    if (await isMissing(docker.getNetwork(network.name).inspect())) {
      await docker.createNetwork({
        Name: network.name,
        Driver: 'bridge',
        Labels: { ...labels, 'com.docker.compose.network': key },
      });
    }
  }
  for (const [key, volume] of Object.entries(topology.compose.volumes)) {
    if (await isMissing(docker.getVolume(volume.name).inspect())) {
      await docker.createVolume({
        Name: volume.name,
        Labels: { ...labels, 'com.docker.compose.volume': key },
      });
    }
  }
}

/** (Re)creates and starts one service's container, then waits for it to be healthy or complete. */
export async function startService(
  docker: Docker,
  topology: Topology,
  service: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const name = containerName(topology.projectName, service);
  const existing = docker.getContainer(name);
  if (!(await isMissing(existing.inspect()))) await existing.remove({ force: true });
  const container = await docker.createContainer(containerSpec(topology, service));
  await container.start();
  const definition = topology.compose.services[service];
  const oneShot = definition?.healthcheck === undefined;
  await waitForContainer(container, oneShot, options);
}

/**
 * Starts the stack wave by wave (startWaves): a service starts once everything it depends on is
 * healthy or completed. `onService` reports each service's start and result.
 */
export async function upStack(
  docker: Docker,
  topology: Topology,
  options: {
    include: (name: string) => boolean;
    timeoutMs: number;
    signal?: AbortSignal;
  },
): Promise<string[][]> {
  const waves = startWaves(topology.compose, options.include);
  await ensureNetworkAndVolumes(docker, topology);
  for (const wave of waves) {
    await Promise.all(wave.map((service) => startService(docker, topology, service, options)));
  }
  return waves;
}

export interface ServiceStatus {
  service: string;
  container: string;
  state: string;
  health: string;
  /** A stopped container's exit code (one-shot services: 0 when they completed). */
  exitCode?: number;
}

async function projectContainers(docker: Docker, projectName: string) {
  return docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${projectName}`] } });
}

export async function stackStatus(docker: Docker, projectName: string): Promise<ServiceStatus[]> {
  const containers = await projectContainers(docker, projectName);
  return containers
    .map((c) => {
      // The engine reports a stopped container's code only in its status text: "Exited (0) 3 s ago".
      const exited = /^Exited \((-?\d+)\)/.exec(c.Status);
      return {
        service: c.Labels[SERVICE_LABEL] ?? '?',
        container: (c.Names[0] ?? '').replace(/^\//, ''),
        state: c.State,
        health: /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1] ?? '',
        ...(exited ? { exitCode: Number(exited[1]) } : {}),
      };
    })
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** Stops the project's containers, dependents first (reverse start order); containers and data stay. */
export async function stopStack(docker: Docker, topology: Topology): Promise<void> {
  const waves = startWaves(topology.compose, (name) => name in topology.compose.services);
  for (const wave of waves.reverse()) {
    await Promise.all(
      wave.map(async (service) => {
        const container = docker.getContainer(containerName(topology.projectName, service));
        try {
          await container.stop({ t: 10 });
        } catch (error) {
          const code = (error as { statusCode?: number }).statusCode;
          if (code !== 304 && code !== 404) throw error;
        }
      }),
    );
  }
}

/** Removes the project's containers and network; its volumes (the data) only with `volumes`. */
export async function downStack(
  docker: Docker,
  projectName: string,
  options: { volumes: boolean },
): Promise<{ containers: number; volumes: number }> {
  const filter = { label: [`${PROJECT_LABEL}=${projectName}`] };
  const containers = await projectContainers(docker, projectName);
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  for (const network of await docker.listNetworks({ filters: filter })) {
    await docker.getNetwork(network.Id).remove();
  }
  let removed = 0;
  if (options.volumes) {
    const { Volumes } = await docker.listVolumes({ filters: filter });
    for (const volume of Volumes ?? []) {
      await docker.getVolume(volume.Name).remove();
      removed += 1;
    }
  }
  return { containers: containers.length, volumes: removed };
}

/** Streams a service's logs (all of them, or the last `tail` lines) to `out`, following when asked. */
export async function streamLogs(
  docker: Docker,
  projectName: string,
  service: string,
  options: { follow: boolean; tail?: number; out: NodeJS.WritableStream; err: NodeJS.WritableStream },
): Promise<void> {
  const container = docker.getContainer(containerName(projectName, service));
  const base = { stdout: true, stderr: true, ...(options.tail !== undefined ? { tail: options.tail } : {}) };
  if (options.follow) {
    const stream = await container.logs({ ...base, follow: true });
    docker.modem.demuxStream(stream, options.out, options.err);
    await new Promise<void>((resolve, reject) => {
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    return;
  }
  const buffer = await container.logs({ ...base, follow: false });
  const { PassThrough } = await import('node:stream');
  const pass = new PassThrough();
  docker.modem.demuxStream(pass, options.out, options.err);
  pass.end(buffer);
  await new Promise((resolve) => pass.on('end', resolve));
}
