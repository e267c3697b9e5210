import { createHash } from 'node:crypto';
import type { ComposeService, Topology } from '@hs/topology';
import type { ContainerCreateOptions } from 'dockerode';

/** Labels Docker Compose sets, so `docker compose ps/logs/down` see containers the CLI created. */
export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';
/**
 * Compose v2 lists only containers that carry a config hash (compose pkg/compose/containers.go
 * getDefaultFilters, `hasConfigHashLabel`); v1 ignores it. Ours is the sha256 of the service's
 * definition, so a later `docker compose up` of a changed service recreates it, as v2 would.
 */
export const CONFIG_HASH_LABEL = 'com.docker.compose.config-hash';

export function containerName(projectName: string, service: string): string {
  return `${projectName}-${service}-1`;
}

/** Compose writes a literal `$` as `$$`; the engine takes values as they are. */
function unescapeCompose(value: string): string {
  return value.replaceAll('$$', '$');
}

/** Go duration as used in the generated health checks ("1s", "3s", "500ms") → nanoseconds. */
export function durationNs(value: string): number {
  const units: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  let rest = value;
  while (rest.length > 0) {
    const match = /^([0-9]+(?:\.[0-9]+)?)(ns|us|ms|s|m|h)/.exec(rest);
    if (!match) throw new Error(`invalid duration ${JSON.stringify(value)}`);
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 0);
    rest = rest.slice(match[0].length);
  }
  return Math.round(total);
}

/** `[ip:]host:container[/proto]` → Docker's ExposedPorts / PortBindings. */
function portBindings(ports: string[]) {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp?: string; HostPort: string }[]> = {};
  for (const spec of ports) {
    const [mapping = '', proto = 'tcp'] = spec.split('/');
    const parts = mapping.split(':');
    const container = parts.pop() ?? '';
    const hostPort = parts.pop() ?? '';
    const hostIp = parts.pop();
    const key = `${container}/${proto}`;
    exposed[key] = {};
    const list = bindings[key] ?? [];
    list.push({ ...(hostIp ? { HostIp: hostIp } : {}), HostPort: hostPort });
    bindings[key] = list;
  }
  return { exposed, bindings };
}

/**
 * The Docker Engine create options for one generated compose service: what `docker compose up`
 * would create, with the env files' entries inlined, volume keys replaced by the volume names and
 * Compose's labels set.
 */
export function containerSpec(topology: Topology, serviceName: string): ContainerCreateOptions {
  const service: ComposeService | undefined = topology.compose.services[serviceName];
  if (!service) throw new Error(`no service ${serviceName} in the topology`);
  const env: string[] = [];
  for (const file of service.env_file ?? []) {
    const name = file.replace(/^\.\/env\//, '');
    const entries = topology.envFiles[name];
    if (!entries) throw new Error(`service ${serviceName} names env file ${file}, which the topology lacks`);
    for (const [key, value] of entries) env.push(`${key}=${value}`);
  }
  for (const [key, value] of Object.entries(service.environment ?? {}))
    env.push(`${key}=${unescapeCompose(value)}`);

  const binds = (service.volumes ?? []).map((mount) => {
    const [key = '', ...rest] = mount.split(':');
    const volume = topology.compose.volumes[key];
    if (!volume) throw new Error(`service ${serviceName} mounts undeclared volume ${key}`);
    return [volume.name, ...rest].join(':');
  });
  const { exposed, bindings } = portBindings(service.ports ?? []);
  const [networkKey, attachment] = Object.entries(service.networks ?? {})[0] ?? [];
  const networkName = networkKey ? topology.compose.networks?.[networkKey]?.name : undefined;
  if (networkKey && !networkName)
    throw new Error(`service ${serviceName} joins undeclared network ${networkKey}`);
  const restart = service.restart === 'no' ? '' : service.restart;
  const health = service.healthcheck;

  return {
    name: containerName(topology.projectName, serviceName),
    Image: service.image,
    ...(service.command ? { Cmd: service.command.map(unescapeCompose) } : {}),
    ...(service.hostname ? { Hostname: service.hostname } : {}),
    Env: env,
    Labels: {
      [PROJECT_LABEL]: topology.projectName,
      [SERVICE_LABEL]: serviceName,
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      [CONFIG_HASH_LABEL]: createHash('sha256').update(JSON.stringify(service)).digest('hex'),
    },
    ExposedPorts: exposed,
    ...(health
      ? {
          Healthcheck: {
            Test: health.test,
            Interval: durationNs(health.interval),
            Timeout: durationNs(health.timeout),
            Retries: health.retries,
          },
        }
      : {}),
    HostConfig: {
      Binds: binds,
      PortBindings: bindings,
      NetworkMode: service.network_mode ?? networkName ?? 'default',
      RestartPolicy: { Name: restart },
      ...(service.extra_hosts ? { ExtraHosts: service.extra_hosts } : {}),
    },
    ...(networkName
      ? {
          NetworkingConfig: {
            EndpointsConfig: { [networkName]: { Aliases: [serviceName, ...(attachment?.aliases ?? [])] } },
          },
        }
      : {}),
  };
}
