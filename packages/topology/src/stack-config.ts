import { z } from 'zod';
import { DEFAULT_IMAGES } from './defaults.js';
import { unknownKeys } from './unknown-keys.js';

/**
 * The stack configuration: everything the topology generator needs, validated with zod. Every
 * field has a default, so `{}` is a complete configuration (built-in Nacos, bridge network,
 * mTLS gateway identity, the images higress-standalone pins).
 */

const port = z.number().int().min(1).max(65535);
/** One line of an env file or a command argument: no newlines (they would split the file). */
const singleLine = z.string().regex(/^[^\r\n]*$/, 'must be a single line');
/** A Nacos namespace id / Kubernetes namespace: DNS-1123 label. */
const namespaceId = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label')
  .max(63);
/** An image reference: [registry/]repository[:tag][@digest], lower-case repository path. */
const imageRef = z
  .string()
  .regex(
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
    'must be an image reference such as registry/name:tag or name@sha256:<digest>',
  );

const builtinNacos = z.object({
  type: z.literal('nacos-builtin'),
  namespaceId: namespaceId.default('higress-system'),
});

const externalNacos = z.object({
  type: z.literal('nacos-external'),
  /** Base URL of the Nacos server including its context path, e.g. http://10.0.0.5:8848/nacos */
  serverUrl: z.url({
    protocol: /^https?$/,
    error: 'must be an http(s) URL such as http://10.0.0.5:8848/nacos',
  }),
  username: singleLine.default(''),
  password: singleLine.default(''),
  namespaceId: namespaceId.default('higress-system'),
});

const fileStorage = z.object({ type: z.literal('file') });

export const storageSchema = z.discriminatedUnion('type', [builtinNacos, externalNacos, fileStorage]);

const imagesSchema = z.object({
  nacos: imageRef.default(DEFAULT_IMAGES.nacos),
  controller: imageRef.default(DEFAULT_IMAGES.controller),
  pilot: imageRef.default(DEFAULT_IMAGES.pilot),
  gateway: imageRef.default(DEFAULT_IMAGES.gateway),
  console: imageRef.default(DEFAULT_IMAGES.console),
  apiserver: imageRef.default(DEFAULT_IMAGES.apiserver),
  initializer: imageRef.default(DEFAULT_IMAGES.initializer),
  fileserver: imageRef.default(DEFAULT_IMAGES.fileserver),
});

/** Host ports. In bridge mode they are published; in host mode the services listen on them. */
const hostPortsSchema = z.object({
  apiserver: port.default(8443),
  fileserver: port.default(3000),
  /** Nacos HTTP; its gRPC port is always HTTP + 1000 (9848), as Nacos clients derive it. */
  nacosHttp: port.max(64535).default(8848),
  /** Nacos 3 web console. higress-standalone publishes it as 8888, the controller's port in host mode. */
  nacosConsole: port.optional(),
  gatewayHttp: port.default(80),
  gatewayHttps: port.default(443),
  gatewayMetrics: port.default(15020),
  /** Higress console: 8080 as in higress-standalone; 8180 by default in host mode (8080 is Pilot's). */
  console: port.optional(),
});

const identitySchema = z.discriminatedUnion('type', [
  /** The original: the gateway presents the initializer-issued certificate (PROV_CERT). */
  z.object({ type: z.literal('mtls') }),
  /** The JWT path: Pilot verifies the gateway's istio-token against the file server's JWKS. */
  z.object({
    type: z.literal('jwt'),
    /** `iss` of the tokens the initializer mints (its --token-issuer); the audience is always istio-ca. */
    issuer: singleLine.min(1).default('higress'),
  }),
]);

export const stackConfigSchema = z
  .object({
    /** Compose project name; prefixes containers and volumes. */
    projectName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_"')
      .default('higress-standalone'),
    storage: storageSchema.default({ type: 'nacos-builtin', namespaceId: 'higress-system' }),
    images: imagesSchema.default(imagesSchema.parse({})),
    /** Build our own images (apiserver, initializer, fileserver) from the workspace. */
    buildOwnImages: z.boolean().default(true),
    hostPorts: hostPortsSchema.default(hostPortsSchema.parse({})),
    /**
     * Compose profiles active by default (COMPOSE_PROFILES in compose/.env). The console service is
     * always generated, in profile `console`; this says whether `up` and `docker compose up` start it.
     */
    profiles: z.object({ console: z.boolean().default(true) }).default({ console: true }),
    network: z.enum(['bridge', 'host']).default('bridge'),
    identity: identitySchema.default({ type: 'mtls' }),
    /**
     * Never pull an image (engines without registry access): images must be on the engine, and our
     * Dockerfiles' base image is built from the local Node.js when absent (`--offline` says the same).
     */
    offline: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    if (config.network !== 'host') return;
    // In host mode every listener shares the host's port space: two services on one port never start.
    const used = new Map<number, string>();
    for (const listener of hostListeners(config)) {
      const owner = used.get(listener.port);
      if (owner === undefined) used.set(listener.port, listener.what);
      else {
        ctx.addIssue({
          code: 'custom',
          path: ['hostPorts', listener.field ?? listener.what],
          message: `port ${listener.port} (${listener.what}) is also used by ${owner} in host network mode`,
        });
      }
    }
  });

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type StackConfig = z.output<typeof stackConfigSchema>;
export type StorageConfig = StackConfig['storage'];

/** The Nacos console port: 8888 as higress-standalone publishes it, 8081 in host mode (8888 is the controller's). */
export function nacosConsolePort(config: StackConfig): number {
  return config.hostPorts.nacosConsole ?? (config.network === 'host' ? 8081 : 8888);
}

export function consolePort(config: StackConfig): number {
  return config.hostPorts.console ?? (config.network === 'host' ? 8180 : 8080);
}

interface Listener {
  /** What listens, for the message. */
  what: string;
  port: number;
  /** The hostPorts field that sets it; fixed ports have none. */
  field?: keyof StackConfig['hostPorts'];
}

/**
 * Every port a service listens on in host network mode, fixed ones first so that a collision is
 * reported on the configurable port. Fixed ports come from higress-istio-needs.md §5.
 */
function hostListeners(config: StackConfig): Listener[] {
  const p = config.hostPorts;
  const fixed: [string, number][] = [
    ['controller http', 8888],
    ['controller certificates', 8889],
    ['controller xds', 15051],
    ['pilot http', 8080],
    ['pilot xds', 15010],
    ['pilot xds-tls', 15012],
    ['pilot monitoring', 15014],
    ['gateway health', 15021],
  ];
  const listeners: Listener[] = fixed.map(([what, port]) => ({ what, port }));
  listeners.push(
    { what: 'apiserver', port: p.apiserver, field: 'apiserver' },
    { what: 'fileserver', port: p.fileserver, field: 'fileserver' },
    { what: 'gateway http', port: p.gatewayHttp, field: 'gatewayHttp' },
    { what: 'gateway https', port: p.gatewayHttps, field: 'gatewayHttps' },
    { what: 'gateway metrics', port: p.gatewayMetrics, field: 'gatewayMetrics' },
  );
  listeners.push({ what: 'console', port: consolePort(config), field: 'console' });
  if (config.storage.type === 'nacos-builtin') {
    listeners.push(
      { what: 'nacos http', port: p.nacosHttp, field: 'nacosHttp' },
      { what: 'nacos grpc (http + 1000)', port: p.nacosHttp + 1000, field: 'nacosHttp' },
      { what: 'nacos console', port: nacosConsolePort(config), field: 'nacosConsole' },
    );
  }
  return listeners;
}

/** A configuration that failed validation; `issues` name the offending field by its dotted path. */
export class StackConfigError extends Error {
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super(`invalid stack config:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

/** Validates and completes a stack config; throws StackConfigError with path-addressed issues. */
export function parseStackConfig(input: unknown): StackConfig {
  const unknown = unknownKeys(stackConfigSchema, input).map((u) => ({
    path: u.path,
    message: `unknown key "${u.key}"; the closest known key is "${u.closest}"`,
  }));
  const result = stackConfigSchema.safeParse(input ?? {});
  if (result.success && unknown.length === 0) return result.data;
  throw new StackConfigError([
    ...unknown,
    ...(result.error?.issues ?? []).map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  ]);
}
