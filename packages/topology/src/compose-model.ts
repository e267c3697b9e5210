/**
 * The subset of the Compose specification the generator emits. Field names are the compose file's
 * own, so serialising is a plain YAML dump; key order in the objects is the order in the file.
 */

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeHealthcheck {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  start_period?: string;
}

export interface ComposeBuild {
  context: string;
  dockerfile: string;
  /** Build arguments (our Dockerfile's APP). */
  args?: Record<string, string>;
  /** Network of the build's RUN steps (`host` for host-network stacks). */
  network?: 'host';
}

export interface ComposeNetworkAttachment {
  aliases: string[];
}

export interface ComposeService {
  image: string;
  build?: ComposeBuild;
  hostname?: string;
  profiles?: string[];
  command?: string[];
  env_file?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: DependencyCondition }>;
  network_mode?: 'host';
  extra_hosts?: string[];
  networks?: Record<string, ComposeNetworkAttachment>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: ComposeHealthcheck;
  restart: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  labels?: Record<string, string>;
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
  networks?: Record<string, { name: string }>;
  volumes: Record<string, { name: string }>;
}

/** The generator's full output: the compose model plus the env files its services name. */
export interface Topology {
  /** Compose project name (COMPOSE_PROJECT_NAME); also the container-name and volume-name prefix. */
  projectName: string;
  compose: ComposeModel;
  /** env file name (relative to compose/env/) → ordered entries */
  envFiles: Record<string, [string, string][]>;
  /** Values for compose/.env, read by Compose itself (COMPOSE_PROFILES, …). */
  dotEnv: [string, string][];
}
