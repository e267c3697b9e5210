import type { ComposeBuild, ComposeService } from './compose-model.js';
import { OWN_IMAGE_DOCKERFILE, type OwnImage, ownImageBuildArgs } from './defaults.js';
import { apiserverPort, apiserverUrl, fileserverPort, nacosHttpPort, nacosServerUrl } from './env-files.js';
import {
  bindAddress,
  curlCheck,
  dependsOn,
  literal,
  networkFields,
  nodeCheck,
  publish,
} from './service-common.js';
import { nacosConsolePort, type StackConfig } from './stack-config.js';
import { INITIALIZER_ROOT, initializerVolumes, serviceVolumes, type VolumeSpec } from './volumes.js';

/**
 * Our own services: built-in Nacos, the initializer's two one-shot steps, the API server and the
 * file server. Order and health gates: nacos → init (completed) → apiserver, fileserver (healthy)
 * → seed (completed); see higress-istio-needs.md §5 for the original's precheck/prepare pair.
 */

/**
 * Build section for our images: the one Dockerfile with the app as its APP argument; the context
 * is the workspace root, one level above compose/. A host-network stack builds on the host network
 * too: its engine may have no default bridge, and the build stage's RUN steps need the npm registry.
 */
function build(config: StackConfig, image: OwnImage): Pick<ComposeService, 'build'> {
  if (!config.buildOwnImages) return {};
  const section: ComposeBuild = {
    context: '..',
    dockerfile: OWN_IMAGE_DOCKERFILE,
    args: ownImageBuildArgs(image),
    ...(config.network === 'host' ? { network: 'host' as const } : {}),
  };
  return { build: section };
}

export function nacosService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  const http = nacosHttpPort(config);
  return {
    image: config.images.nacos,
    ...networkFields(config, 'nacos'),
    env_file: ['./env/nacos.env'],
    ...publish(config, [
      `${nacosConsolePort(config)}:8080/tcp`,
      `${config.hostPorts.nacosHttp}:8848/tcp`,
      `${config.hostPorts.nacosHttp + 1000}:9848/tcp`,
    ]),
    volumes: serviceVolumes(volumes, 'nacos'),
    healthcheck: curlCheck(`http://127.0.0.1:${http}/nacos`),
    restart: 'always',
  };
}

/** `init`: certificates, keys, tokens, kubeconfig, pod labels, Nacos namespace. Idempotent. */
export function initService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  const after =
    config.storage.type === 'nacos-builtin' ? dependsOn([['nacos', 'service_healthy']]) : undefined;
  return {
    image: config.images.initializer,
    ...build(config, 'initializer'),
    ...networkFields(config, 'init'),
    command: [
      'init',
      '--root',
      INITIALIZER_ROOT,
      '--storage',
      config.storage.type === 'file' ? 'file' : 'nacos',
      '--apiserver-url',
      apiserverUrl(config),
      ...(config.identity.type === 'jwt' ? ['--token-issuer', config.identity.issuer] : []),
    ],
    env_file: ['./env/initializer.env'],
    ...(after ? { depends_on: after } : {}),
    volumes: initializerVolumes(volumes),
    // Retries while an external Nacos is still coming up, as higress-standalone's precheck does.
    restart: 'on-failure',
  };
}

/** Credential flags, left out when empty (the built-in Nacos runs without auth). */
function nacosCredentials(storage: StackConfig['storage']): string[] {
  if (storage.type !== 'nacos-external') return [];
  const args: string[] = [];
  if (storage.username) args.push('--nacos-username', literal(storage.username));
  if (storage.password) args.push('--nacos-password', literal(storage.password));
  return args;
}

export function apiserverService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  const port = apiserverPort(config);
  const storage = config.storage;
  const storageArgs =
    storage.type === 'file'
      ? ['--storage', 'file', '--file-root-dir', '/opt/data']
      : [
          '--storage',
          'nacos',
          '--nacos-server',
          literal(nacosServerUrl(config) ?? ''),
          ...nacosCredentials(storage),
          '--nacos-ns-id',
          storage.namespaceId,
          '--nacos-encryption-key-file',
          '/etc/api/nacos.key',
        ];
  return {
    image: config.images.apiserver,
    ...build(config, 'apiserver'),
    ...networkFields(config, 'apiserver'),
    command: [
      '--secure-port',
      String(port),
      '--bind-address',
      bindAddress(config),
      '--tls-cert-file',
      '/etc/api/server.crt',
      '--tls-private-key-file',
      '/etc/api/server.key',
      '--client-ca-file',
      '/etc/api/ca.crt',
      ...storageArgs,
    ],
    depends_on: dependsOn([['init', 'service_completed_successfully']]),
    // Published on loopback only, for kubectl on the Docker host.
    ...publish(config, [`127.0.0.1:${config.hostPorts.apiserver}:8443/tcp`]),
    volumes: serviceVolumes(volumes, 'apiserver'),
    healthcheck: nodeCheck(`https://127.0.0.1:${port}/readyz`),
    restart: 'always',
  };
}

export function fileserverService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  const port = fileserverPort(config);
  return {
    image: config.images.fileserver,
    ...build(config, 'fileserver'),
    ...networkFields(config, 'fileserver'),
    command: ['--root', '/srv/public', '--port', String(port), '--host', bindAddress(config)],
    depends_on: dependsOn([['init', 'service_completed_successfully']]),
    volumes: serviceVolumes(volumes, 'fileserver'),
    healthcheck: nodeCheck(`http://127.0.0.1:${port}/.well-known/jwks.json`),
    restart: 'always',
  };
}

/** `seed`: base resources through the API server, then mesh files rendered from higress-config. */
export function seedService(config: StackConfig, volumes: VolumeSpec[]): ComposeService {
  return {
    image: config.images.initializer,
    ...networkFields(config, 'seed'),
    // The admin kubeconfig under the root is the default.
    command: ['seed', '--root', INITIALIZER_ROOT],
    env_file: ['./env/initializer.env'],
    depends_on: dependsOn([
      ['apiserver', 'service_healthy'],
      ['fileserver', 'service_healthy'],
    ]),
    volumes: initializerVolumes(volumes),
    restart: 'on-failure',
  };
}
