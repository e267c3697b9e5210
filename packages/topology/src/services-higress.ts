import type { ComposeService } from './compose-model.js';
import { curlCheck, dependsOn, networkFields, publish } from './service-common.js';
import { consolePort, type StackConfig } from './stack-config.js';
import { serviceVolumes, type VolumeSpec } from './volumes.js';

/**
 * The Higress images: controller → Pilot → gateway, and the optional console. Commands, health
 * checks and ports follow higress-group/higress-standalone compose/docker-compose.yml
 * (higress-istio-needs.md §4.2, §5).
 */

export function controllerService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  return {
    image: config.images.controller,
    ...networkFields(config, 'controller'),
    command: [
      'serve',
      '--kubeconfig=/home/higress/.kube/config',
      '--gatewaySelectorKey=higress',
      '--gatewaySelectorValue=higress-system-higress-gateway',
      '--ingressClass=',
      '--enableAutomaticHttps=true',
      '--automaticHttpsEmail=',
    ],
    env_file: ['./env/controller.env'],
    depends_on: dependsOn([['seed', 'service_completed_successfully']]),
    volumes: serviceVolumes(volumes, 'controller'),
    healthcheck: curlCheck('http://127.0.0.1:8888/ready'),
    restart: 'always',
  };
}

export function pilotService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  const after: Parameters<typeof dependsOn>[0] = [['controller', 'service_healthy']];
  // Pilot fetches the JWKS on its first token verification.
  if (config.identity.type === 'jwt') after.push(['fileserver', 'service_healthy']);
  return {
    image: config.images.pilot,
    ...networkFields(config, 'pilot'),
    command: [
      'discovery',
      '--monitoringAddr=:15014',
      '--log_output_level=default:info',
      '--domain',
      'cluster.local',
      '--keepaliveMaxServerConnectionAge',
      '30m',
      '--caCertFile',
      '/etc/cacerts/ca-cert.pem',
    ],
    env_file: ['./env/pilot.env'],
    depends_on: dependsOn(after),
    volumes: serviceVolumes(volumes, 'pilot'),
    healthcheck: curlCheck('http://127.0.0.1:8080/ready'),
    restart: 'always',
  };
}

export function gatewayService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  const p = config.hostPorts;
  return {
    image: config.images.gateway,
    ...networkFields(config, 'gateway'),
    command: [
      'proxy',
      'router',
      '--concurrency',
      '16',
      '--domain',
      'higress-system.svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=all:info',
      '--serviceCluster=higress-gateway',
    ],
    env_file: ['./env/gateway.env'],
    depends_on: dependsOn([['pilot', 'service_healthy']]),
    ...publish(config, [
      `${p.gatewayHttp}:80/tcp`,
      `${p.gatewayHttps}:443/tcp`,
      `${p.gatewayMetrics}:15020/tcp`,
    ]),
    volumes: serviceVolumes(volumes, 'gateway'),
    healthcheck: curlCheck('http://127.0.0.1:15021/healthz/ready'),
    restart: 'always',
  };
}

/** The console runs only with the `console` profile active. */
export function consoleService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  const port = config.network === 'host' ? consolePort(config) : 8080;
  return {
    image: config.images.console,
    ...networkFields(config, 'console'),
    profiles: ['console'],
    env_file: ['./env/console.env'],
    depends_on: dependsOn([['controller', 'service_healthy']]),
    ...publish(config, [`${consolePort(config)}:8080/tcp`]),
    volumes: serviceVolumes(volumes, 'console'),
    healthcheck: curlCheck(`http://127.0.0.1:${port}/`),
    restart: 'always',
  };
}
