/**
 * `buildServer`: a Kubernetes-style API as a Fastify instance that never listens by itself (the
 * envtest idea: a program or a test can run a real API in-process). Routes, discovery and
 * OpenAPI are derived from the registry; storage is the `Storage` contract of @hs/storage.
 */

import { methodNotSupported } from '@hs/apimachinery';
import { apiPath, registry as defaultRegistry, type Registry, type ResourceDefinition } from '@hs/resources';
import type { Authorizer, TokenAuthenticator } from '@hs/security';
import type { ResourceStore, Storage } from '@hs/storage';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { isStorage, type StorageConfig, storageFromConfig } from './adapters/storage.js';
import { namespaceLifecycle } from './admission/namespace-lifecycle.js';
import { NAMESPACE_LIFECYCLE } from './admission/plugins.js';
import { startNamespaceController } from './controllers/namespace-controller.js';
import { registerDiscovery } from './discovery/discovery.js';
import { type ReadyCheck, registerHealth } from './discovery/health.js';
import { DEFAULT_VERSION, registerVersion, type VersionInfo } from './discovery/version.js';
import { registerBodyParsers } from './http/body-parsers.js';
import { installErrorHandlers } from './http/error-handlers.js';
import { groupResource } from './http/request-context.js';
import { installShutdownRetryAfter } from './http/shutdown-retry-after.js';
import { type ApiserverMetrics, createApiserverMetrics } from './metrics/apiserver-metrics.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { installRequestMetrics } from './metrics/request-metrics.js';
import { watchObserver } from './metrics/watch-metrics.js';
import { registerOpenApi } from './openapi/routes.js';
import { groupPlugin } from './resources/group-plugin.js';
import { escalationGuardFor } from './security/escalation-guard.js';
import { type InProcessSecurityOptions, inProcessSecurity } from './security/in-process.js';
import { installRequestGuard } from './security/request-guard.js';
import { createServerSecurity, type SecurityOptions } from './security/security-options.js';
import { registerSelfReviewRoutes, securityReviewHandlers } from './security/security-reviews.js';
import { crdStore } from './special/crd-store.js';

/** Upstream's default request body limit (3 MiB, k8s.io/apiserver MaxRequestBodyBytes). */
export const DEFAULT_BODY_LIMIT = 3 * 1024 * 1024;

export const DEFAULT_MIN_REQUEST_TIMEOUT_SECONDS = 1800;

export interface ServerOptions {
  /** A ready Storage, or a driver config the server builds (and closes on `app.close()`). */
  storage: Storage | StorageConfig;
  /** Defaults to the registry of @hs/resources. */
  registry?: Registry | undefined;
  /** Fastify logger option; off by default. */
  logger?: FastifyServerOptions['logger'];
  bodyLimit?: number | undefined;
  /** Without `security`: decides every request (default: allow all). */
  authorizer?: Authorizer | undefined;
  /** Without `security`: answers TokenReviews (default: none, token authentication is off). */
  authenticator?: TokenAuthenticator | undefined;
  /**
   * Without `security`: identifies the caller of each request (client certificate, bearer token,
   * ...): a UserInfo, undefined for anonymous, or a thrown StatusError (401) to refuse. Default:
   * everyone anonymous.
   */
  authenticateRequest?: InProcessSecurityOptions['authenticateRequest'];
  version?: Partial<VersionInfo> | undefined;
  /** Upstream's --min-request-timeout: watches without timeoutSeconds last 1x-2x this (default 1800 s). */
  minRequestTimeoutSeconds?: number | undefined;
  /**
   * Authentication, authorization (RBAC by default), limits and audit, applied to every request
   * before any handler. Absent: the in-process preset through the same request guard — the
   * `authorizer`/`authenticator`/`authenticateRequest` seams above (allow-all unless given).
   */
  security?: SecurityOptions | undefined;
  /**
   * Where `/metrics` and the request, watch and storage metrics go; share one between the servers
   * of one storage. Default: a registry of this server's own (without process metrics).
   */
  metrics?: ApiserverMetrics | undefined;
  /** More `/readyz` checks (e.g. the serving certificate's expiry, added by `startServer`). */
  readyChecks?: readonly ReadyCheck[] | undefined;
  /**
   * Admission plugins turned off, by kube-apiserver's names (`--disable-admission-plugins`):
   * `NamespaceLifecycle` lets objects be written in namespaces nobody created, as before
   * docs/decisions/0016. Default: none (upstream's behaviour).
   */
  disableAdmissionPlugins?: readonly string[] | undefined;
  /** The namespace controller looks again at content held by finalizers after this long (default 15 s). */
  namespaceRetryMs?: number | undefined;
  /** Passed to Fastify as is (`https`, `http2`, ...) by `startServer`. */
  serverFactoryOptions?: Partial<FastifyServerOptions> & Record<string, unknown>;
}

const CORE_STORES: ReadonlyArray<{
  group: string;
  version: string;
  plural: string;
  wrap: (def: ResourceDefinition, ctx: { registry: Registry; storage: Storage }) => ResourceStore;
}> = [
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
    wrap: (def, { registry, storage }) => crdStore(def, registry, storage),
  },
];

function storeResolver(registry: Registry, storage: Storage, disabledAdmission: readonly string[]) {
  const special = new Map<ResourceDefinition, (def: ResourceDefinition) => ResourceStore>();
  for (const entry of CORE_STORES) {
    const def = registry.find(entry.group, entry.version, entry.plural);
    if (def) special.set(def, (d) => entry.wrap(d, { registry, storage }));
  }
  const cache = new Map<ResourceDefinition, ResourceStore>();
  const plain = (def: ResourceDefinition): ResourceStore => {
    const wrap = special.get(def);
    return wrap ? wrap(def) : def.virtual ? virtualStore(def) : storage.for(def);
  };
  const admission = disabledAdmission.includes(NAMESPACE_LIFECYCLE)
    ? undefined
    : namespaceLifecycle(registry, plain);
  return (def: ResourceDefinition): ResourceStore => {
    let store = cache.get(def);
    if (!store) {
      store = plain(def);
      if (admission) store = admission(def, store);
      cache.set(def, store);
    }
    return store;
  };
}

/** Virtual kinds are create-only and answered by the server; nothing reaches storage. */
function virtualStore(def: ResourceDefinition): ResourceStore {
  const no = (verb: string) => () => Promise.reject(methodNotSupported(groupResource(def), verb));
  return {
    definition: def,
    get: no('get'),
    list: no('list'),
    watch: no('watch'),
    create: no('create'),
    update: no('update'),
    delete: no('delete'),
  };
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const registry = options.registry ?? defaultRegistry;
  const ownsStorage = !isStorage(options.storage);
  const metrics = options.metrics ?? createApiserverMetrics({ processMetrics: false });
  const storage = isStorage(options.storage)
    ? options.storage
    : await storageFromConfig(options.storage, registry, metrics);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const security = options.security
    ? await createServerSecurity(options.security, storage, registry)
    : inProcessSecurity({
        authorizer: options.authorizer,
        tokenAuthenticator: options.authenticator,
        authenticateRequest: options.authenticateRequest,
      });

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    // Kubernetes names never need more; long label selectors do.
    routerOptions: { maxParamLength: 1024 },
    // Requests that arrive while closing get 429 + Retry-After instead (shutdown-retry-after.ts).
    return503OnClosing: false,
    ...(options.serverFactoryOptions ?? {}),
  }) as unknown as FastifyInstance;
  app.decorateRequest('resourceContext', null);
  app.decorateRequest('user', undefined);
  registerBodyParsers(app);
  installErrorHandlers(app, bodyLimit);
  installRequestMetrics(app, metrics);
  // Before authentication, as upstream's filter chain: a closing server refuses without work.
  const shutdown = installShutdownRetryAfter(app);
  if (ownsStorage) app.addHook('onClose', async () => storage.close());
  // The request guard authenticates and authorizes every request before a handler runs.
  app.addHook('onClose', async () => security.close());
  installRequestGuard(app, security, registry);
  registerSelfReviewRoutes(app, security, registry);

  registerVersion(app, { ...DEFAULT_VERSION, ...options.version });
  registerHealth(app, storage, options.readyChecks);
  registerMetricsRoute(app, metrics);
  registerDiscovery(app, registry);
  registerOpenApi(app, registry, { ...DEFAULT_VERSION, ...options.version });

  const watches = {
    minRequestTimeoutSeconds: options.minRequestTimeoutSeconds ?? DEFAULT_MIN_REQUEST_TIMEOUT_SECONDS,
    active: new Set<AbortController>(),
    observer: watchObserver(metrics),
    refuseIfClosing: shutdown.refuseIfClosing,
    currentResourceVersion: () => storage.currentResourceVersion(),
  };
  // End running watches before the server waits for its connections to drain.
  app.addHook('preClose', async () => {
    for (const controller of watches.active) controller.abort('closing');
  });
  const storeFor = storeResolver(registry, storage, options.disableAdmissionPlugins ?? []);
  const namespaceController = startNamespaceController({
    registry,
    storage,
    retryMs: options.namespaceRetryMs,
    onError: (err) => app.log.warn({ err }, 'namespace controller: will retry'),
  });
  app.addHook('preClose', async () => namespaceController.stop());
  const virtualCreateFor = securityReviewHandlers(security);
  const storeGuardFor = escalationGuardFor(security);
  for (const info of registry.groups()) {
    for (const version of info.versions) {
      const resources = registry.resourcesFor(info.group, version);
      const prefix = apiPath(info.group, version);
      await app.register(groupPlugin, {
        prefix,
        group: info.group,
        version,
        resources,
        storeFor,
        virtualCreateFor,
        watches,
        storeGuardFor,
      });
    }
  }
  return app;
}
