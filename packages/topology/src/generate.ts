import type { ComposeModel, ComposeService, Topology } from './compose-model.js';
import { consoleEnv, controllerEnv, gatewayEnv, initializerEnv, nacosEnv, pilotEnv } from './env-files.js';
import { NETWORK_KEY } from './service-common.js';
import { consoleService, controllerService, gatewayService, pilotService } from './services-higress.js';
import {
  apiserverService,
  fileserverService,
  initService,
  nacosService,
  seedService,
} from './services-platform.js';
import { parseStackConfig, type StackConfig, type StackConfigInput } from './stack-config.js';
import { volumeSpecs } from './volumes.js';

/**
 * The topology generator: a pure, deterministic function from a stack config to the compose model
 * and env files. Services appear in start order: nacos → init → apiserver, fileserver → seed →
 * controller → pilot → gateway, then the optional console.
 */
export function generateTopology(input: StackConfig | StackConfigInput): Topology {
  const config = parseStackConfig(input);
  const volumes = volumeSpecs(config);
  const services: Record<string, ComposeService> = {};
  if (config.storage.type === 'nacos-builtin') services.nacos = nacosService(config, volumes);
  services.init = initService(config, volumes);
  services.apiserver = apiserverService(config, volumes);
  services.fileserver = fileserverService(config, volumes);
  services.seed = seedService(config, volumes);
  services.controller = controllerService(config, volumes);
  services.pilot = pilotService(config, volumes);
  services.gateway = gatewayService(config, volumes);
  services.console = consoleService(config, volumes);

  const compose: ComposeModel = {
    services,
    ...(config.network === 'bridge'
      ? { networks: { [NETWORK_KEY]: { name: `${config.projectName}-net` } } }
      : {}),
    volumes: Object.fromEntries(volumes.map((v) => [v.key, { name: `${config.projectName}-${v.key}` }])),
  };

  const envFiles: Topology['envFiles'] = {};
  if (config.storage.type === 'nacos-builtin') envFiles['nacos.env'] = nacosEnv(config);
  envFiles['initializer.env'] = initializerEnv(config);
  envFiles['controller.env'] = controllerEnv();
  envFiles['pilot.env'] = pilotEnv(config);
  envFiles['gateway.env'] = gatewayEnv(config);
  envFiles['console.env'] = consoleEnv(config);

  const profiles = config.profiles.console ? ['console'] : [];
  return {
    projectName: config.projectName,
    compose,
    envFiles,
    dotEnv: [
      ['COMPOSE_PROJECT_NAME', config.projectName],
      ['COMPOSE_PROFILES', profiles.join(',')],
    ],
  };
}

/**
 * Services in dependency order as waves: every service's depends_on targets are in earlier waves.
 * `include` limits the result to the given services (profiles left out), names sorted in a wave.
 */
export function startWaves(model: ComposeModel, include?: (name: string) => boolean): string[][] {
  const pending = new Map(
    Object.entries(model.services)
      .filter(([name]) => include?.(name) ?? true)
      .map(([name, service]) => [name, Object.keys(service.depends_on ?? {})]),
  );
  for (const [name, deps] of pending) {
    const missing = deps.find((d) => !pending.has(d));
    if (missing) throw new Error(`service ${name} depends on ${missing}, which is not part of the stack`);
  }
  const done = new Set<string>();
  const waves: string[][] = [];
  while (pending.size > 0) {
    const wave = [...pending].filter(([, deps]) => deps.every((d) => done.has(d))).map(([name]) => name);
    if (wave.length === 0) throw new Error(`dependency cycle among ${[...pending.keys()].join(', ')}`);
    wave.sort();
    for (const name of wave) {
      pending.delete(name);
      done.add(name);
    }
    waves.push(wave);
  }
  return waves;
}
