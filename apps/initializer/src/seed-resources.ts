import { randomBytes } from 'node:crypto';
import type { KubernetesObject } from '@kubernetes/client-node';
import { SYSTEM_NAMESPACE } from './identities.js';
import { rbacResources } from './seed-rbac.js';

/** A seed object; `optional` ones are skipped with a note when the apiserver does not serve the kind. */
export interface Seed {
  object: KubernetesObject & Record<string, unknown>;
  optional?: boolean;
}

export interface SeedContentOptions {
  /** Nacos base URL (http://host:port/nacos) when the stack runs with Nacos: adds the nacos2 registry. */
  nacosServer?: string;
  nacosUsername?: string;
  nacosPassword?: string;
}

const GATEWAY_LABELS = { app: 'higress-gateway', higress: 'higress-system-higress-gateway' };
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: SYSTEM_NAMESPACE,
  ...extra,
});

/**
 * The mesh config Pilot and the gateway read, host names matching the compose topology
 * (`xds://controller:15051`, `discoveryAddress: pilot:15012`). Content follows
 * higress-standalone compose/scripts/prepare.sh checkHigressConfig.
 */
export const DEFAULT_MESH = `accessLogEncoding: TEXT
accessLogFile: /var/log/proxy/access.log
accessLogFormat: |
  {"ai_log":"%FILTER_STATE(wasm.ai_log:PLAIN)%","authority":"%REQ(X-ENVOY-ORIGINAL-HOST?:AUTHORITY)%","bytes_received":"%BYTES_RECEIVED%","bytes_sent":"%BYTES_SENT%","downstream_local_address":"%DOWNSTREAM_LOCAL_ADDRESS%","downstream_remote_address":"%DOWNSTREAM_REMOTE_ADDRESS%","duration":"%DURATION%","istio_policy_status":"%DYNAMIC_METADATA(istio.mixer:status)%","method":"%REQ(:METHOD)%","path":"%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%","protocol":"%PROTOCOL%","request_id":"%REQ(X-REQUEST-ID)%","requested_server_name":"%REQUESTED_SERVER_NAME%","response_code":"%RESPONSE_CODE%","response_flags":"%RESPONSE_FLAGS%","route_name":"%ROUTE_NAME%","start_time":"%START_TIME%","trace_id":"%REQ(X-B3-TRACEID)%","upstream_cluster":"%UPSTREAM_CLUSTER%","upstream_host":"%UPSTREAM_HOST%","upstream_local_address":"%UPSTREAM_LOCAL_ADDRESS%","upstream_service_time":"%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%","upstream_transport_failure_reason":"%UPSTREAM_TRANSPORT_FAILURE_REASON%","user_agent":"%REQ(USER-AGENT)%","x_forwarded_for":"%REQ(X-FORWARDED-FOR)%"}
configSources:
- address: xds://controller:15051
- address: k8s://
defaultConfig:
  disableAlpnH2: true
  discoveryAddress: pilot:15012
  proxyStatsMatcher:
    inclusionRegexps:
    - .*
dnsRefreshRate: 200s
enableAutoMtls: false
enablePrometheusMerge: true
ingressControllerMode: "OFF"
mseIngressGlobalConfig:
  enableH3: false
  enableProxyProtocol: false
protocolDetectionTimeout: 100ms
rootNamespace: higress-system
trustDomain: cluster.local`;

export const DEFAULT_HIGRESS = `mcpServer:
  enable: false
  sse_path_suffix: /sse
  redis:
    address: redis-address:6379
    username: ""
    password: ""
    db: 0
  match_list: []
  servers: []
downstream:
  connectionBufferLimits: 32768
  http2:
    initialConnectionWindowSize: 1048576
    initialStreamWindowSize: 65535
    maxConcurrentStreams: 100
  idleTimeout: 180
  maxRequestHeadersKb: 60
  routeTimeout: 0
upstream:
  connectionBufferLimits: 10485760
  idleTimeout: 10`;

/** Printable random characters, base64-encoded for a Secret (HS: `tr -dc '[:graph:]' | head -c N`). */
function randomSecretValue(chars: number): string {
  const text = randomBytes(chars).toString('base64url').slice(0, chars);
  return Buffer.from(text).toString('base64');
}

/**
 * The base resources of a Higress installation, all create-if-absent, following
 * higress-standalone compose/scripts/prepare.sh (checkStorage, checkController, checkHigressConfig,
 * checkGateway, checkConsole, checkGatewayApi) plus what HS leaves out: the Namespace, the
 * IngressClass and the RBAC that the apiserver's authorizer enforces.
 */
export function seedResources(opts: SeedContentOptions = {}): Seed[] {
  const registries: Record<string, unknown>[] = [
    { domain: 'console.svc', name: 'higress-console', port: 8080, type: 'dns' },
  ];
  const seeds: Seed[] = [
    { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SYSTEM_NAMESPACE } } },
  ];
  if (opts.nacosServer) {
    const url = new URL(opts.nacosServer);
    const nacos: Record<string, unknown> = {
      domain: url.hostname,
      nacosGroups: ['DEFAULT_GROUP'],
      nacosNamespaceId: '',
      name: 'nacos',
      port: Number(url.port || 80),
      type: 'nacos2',
    };
    if (opts.nacosUsername && opts.nacosPassword) {
      nacos.authSecretName = 'nacos-auth-default';
      seeds.push({
        object: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: meta('nacos-auth-default'),
          type: 'Opaque',
          data: {
            nacosUsername: Buffer.from(opts.nacosUsername).toString('base64'),
            nacosPassword: Buffer.from(opts.nacosPassword).toString('base64'),
          },
        },
      });
    }
    registries.push(nacos);
  }
  seeds.push(
    {
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta('higress-config', { labels: GATEWAY_LABELS }),
        data: { higress: DEFAULT_HIGRESS, mesh: DEFAULT_MESH, meshNetworks: 'networks: {}' },
      },
    },
    {
      object: {
        apiVersion: 'networking.higress.io/v1',
        kind: 'McpBridge',
        metadata: meta('default'),
        spec: { registries },
      },
    },
    {
      object: {
        apiVersion: 'networking.istio.io/v1alpha3',
        kind: 'EnvoyFilter',
        metadata: meta('higress-http-resolver-cluster'),
        spec: {
          configPatches: [
            {
              applyTo: 'CLUSTER',
              match: { context: 'GATEWAY' },
              patch: {
                operation: 'ADD',
                value: {
                  name: 'outbound|8889||higress-controller.higress-system.svc.cluster.local',
                  type: 'STRICT_DNS',
                  connect_timeout: '5s',
                  lb_policy: 'ROUND_ROBIN',
                  load_assignment: {
                    cluster_name: 'outbound|8889||higress-controller.higress-system.svc.cluster.local',
                    endpoints: [
                      {
                        lb_endpoints: [
                          {
                            endpoint: {
                              address: { socket_address: { address: 'controller.svc', port_value: 8889 } },
                            },
                          },
                        ],
                      },
                    ],
                  },
                },
              },
            },
          ],
        },
      },
    },
    {
      object: {
        apiVersion: 'networking.istio.io/v1alpha3',
        kind: 'EnvoyFilter',
        metadata: meta('higress-gateway-global-custom-response', { labels: GATEWAY_LABELS }),
        spec: {
          configPatches: [
            {
              applyTo: 'HTTP_FILTER',
              match: {
                context: 'GATEWAY',
                listener: {
                  filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager' } },
                },
              },
              patch: {
                operation: 'INSERT_FIRST',
                value: {
                  name: 'envoy.filters.http.custom_response',
                  typed_config: {
                    '@type':
                      'type.googleapis.com/envoy.extensions.filters.http.custom_response.v3.CustomResponse',
                  },
                },
              },
            },
          ],
        },
      },
    },
    {
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'higress' },
        spec: { controller: 'higress.io/higress-controller' },
      },
    },
    {
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta('higress-console'),
        type: 'Opaque',
        data: { iv: randomSecretValue(16), key: randomSecretValue(32) },
      },
    },
    {
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta('higress-console'),
        data: { mode: 'standalone' },
      },
    },
    {
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta('higress-gateway', { labels: { higress: GATEWAY_LABELS.higress } }),
        spec: {
          ports: [{ name: 'http2', port: 80, protocol: 'TCP', targetPort: 80 }],
          selector: { higress: GATEWAY_LABELS.higress },
          type: 'LoadBalancer',
        },
      },
    },
    ...rbacResources().map((object) => ({ object, optional: true })),
  );
  return seeds;
}
