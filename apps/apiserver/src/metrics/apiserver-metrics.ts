/**
 * The server's Prometheus metrics on one prom-client Registry, with kube-apiserver's names, help
 * texts, label names and buckets where upstream has the metric
 * (k8s.io/apiserver/pkg/endpoints/metrics/metrics.go, k8s.io/apiserver/pkg/storage/etcd3/metrics)
 * and `nacos_client_*` for the Nacos config client, which upstream does not have. One instance may
 * serve several listeners (the secure and the plain-HTTP port) over one storage.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** apiserver_request_duration_seconds' buckets (an SLO metric upstream; kept identical). */
const REQUEST_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];
/** etcd_request_duration_seconds' buckets. */
const STORAGE_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

export interface ApiserverMetrics {
  readonly registry: Registry;
  readonly requestTotal: Counter<string>;
  readonly requestDuration: Histogram<string>;
  readonly longrunningRequests: Gauge<string>;
  readonly watchEvents: Counter<string>;
  readonly storageDuration: Histogram<string>;
  readonly storageErrors: Counter<string>;
  readonly nacosRequests: Counter<string>;
  readonly nacosDuration: Histogram<string>;
  readonly nacosErrors: Counter<string>;
}

export interface MetricsOptions {
  /** Node's process_* and nodejs_* metrics (prom-client's defaults). Default true. */
  processMetrics?: boolean | undefined;
}

export function createApiserverMetrics(options: MetricsOptions = {}): ApiserverMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestTotal: new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: [
        'verb',
        'dry_run',
        'group',
        'version',
        'resource',
        'subresource',
        'scope',
        'component',
        'code',
      ],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    longrunningRequests: new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      registers,
    }),
    watchEvents: new Counter({
      name: 'apiserver_watch_events_total',
      help: 'Number of events sent in watch clients',
      labelNames: ['group', 'version', 'kind'],
      registers,
    }),
    storageDuration: new Histogram({
      name: 'etcd_request_duration_seconds',
      help: 'Storage request latency in seconds for each operation and object type (the storage driver: memory, file or nacos; the name is kube-apiserver’s).',
      labelNames: ['operation', 'type'],
      buckets: STORAGE_BUCKETS,
      registers,
    }),
    storageErrors: new Counter({
      name: 'etcd_request_errors_total',
      help: 'Storage requests that failed for each operation and object type (conflicts and missing keys are answers, not failures).',
      labelNames: ['operation', 'type'],
      registers,
    }),
    nacosRequests: new Counter({
      name: 'nacos_client_requests_total',
      help: 'HTTP requests to Nacos by method, API path and response code ("" when no answer came).',
      labelNames: ['method', 'path', 'code'],
      registers,
    }),
    nacosDuration: new Histogram({
      name: 'nacos_client_request_duration_seconds',
      help: 'Latency of HTTP requests to Nacos in seconds by method and API path (long-polls included).',
      labelNames: ['method', 'path'],
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    nacosErrors: new Counter({
      name: 'nacos_client_request_errors_total',
      help: 'Nacos requests without a usable answer by method, API path and reason (timeout, unreachable, 5xx).',
      labelNames: ['method', 'path', 'reason'],
      registers,
    }),
  };
}
