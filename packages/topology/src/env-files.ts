import { hostOf } from './service-common.js';
import { consolePort, nacosConsolePort, type StackConfig } from './stack-config.js';

type Entries = [string, string][];

/** In-container ports of the services whose ports the host network makes configurable. */
export function apiserverPort(config: StackConfig): number {
  return config.network === 'host' ? config.hostPorts.apiserver : 8443;
}

export function fileserverPort(config: StackConfig): number {
  return config.network === 'host' ? config.hostPorts.fileserver : 3000;
}

export function nacosHttpPort(config: StackConfig): number {
  return config.network === 'host' ? config.hostPorts.nacosHttp : 8848;
}

/** The Nacos server URL the API server and the initializer use. */
export function nacosServerUrl(config: StackConfig): string | null {
  const storage = config.storage;
  if (storage.type === 'nacos-external') return storage.serverUrl;
  if (storage.type === 'nacos-builtin')
    return `http://${hostOf(config, 'nacos')}:${nacosHttpPort(config)}/nacos`;
  return null;
}

export function jwksUrl(config: StackConfig): string {
  return `http://${hostOf(config, 'fileserver')}:${fileserverPort(config)}/.well-known/jwks.json`;
}

/** Nacos in standalone mode with auth off and the v1 compatibility APIs on (higress-standalone compose/env/nacos.env). */
export function nacosEnv(config: StackConfig): Entries {
  const javaOpts = ['-Ddb.pool.config.connectionTimeout=60000'];
  const entries: Entries = [
    ['MODE', 'standalone'],
    ['PREFER_HOST_MODE', 'hostname'],
  ];
  if (config.network === 'host') {
    // Nacos derives its gRPC port as HTTP + 1000; the console port is set separately (8080 is Pilot's).
    entries.push(['NACOS_APPLICATION_PORT', String(config.hostPorts.nacosHttp)]);
    javaOpts.push(`-Dnacos.console.port=${nacosConsolePort(config)}`);
  }
  entries.push(
    ['JAVA_OPT', javaOpts.join(' ')],
    ['NACOS_AUTH_IDENTITY_KEY', 'serveridentity'],
    ['NACOS_AUTH_IDENTITY_VALUE', 'security'],
    ['NACOS_AUTH_TOKEN', 'SecretKey012345678901234567890123456789012345678901234567890123456789'],
    ['NACOS_AUTH_ENABLE', 'false'],
    ['NACOS_CORE_AUTH_ENABLED', 'false'],
    ['NACOS_CORE_AUTH_ADMIN_ENABLED', 'false'],
    ['NACOS_CORE_AUTH_CONSOLE_ENABLED', 'false'],
    ['NACOS_CORE_API_COMPATIBILITY_CONSOLE_ENABLED', 'true'],
    ['NACOS_CORE_API_COMPATIBILITY_CORE_ENABLED', 'true'],
    ['NACOS_CORE_API_COMPATIBILITY_ADMIN_ENABLED', 'true'],
  );
  return entries;
}

/**
 * The initializer reads the Nacos settings from the environment, under the names of
 * higress-standalone's compose/.env (its commander options fall back to them); the rest are flags.
 */
export function initializerEnv(config: StackConfig): Entries {
  const storage = config.storage;
  if (storage.type === 'file') return [];
  return [
    ['NACOS_SERVER_URL', nacosServerUrl(config) ?? ''],
    ['NACOS_NS', storage.namespaceId],
    ['NACOS_USERNAME', storage.type === 'nacos-external' ? storage.username : ''],
    ['NACOS_PASSWORD', storage.type === 'nacos-external' ? storage.password : ''],
  ];
}

/** The API server URL written into every kubeconfig. */
export function apiserverUrl(config: StackConfig): string {
  return `https://${hostOf(config, 'apiserver')}:${apiserverPort(config)}`;
}

/** higress-standalone compose/env/controller.env. */
export function controllerEnv(): Entries {
  return [
    ['CONTROLLER_KEEP_XDS_CONFIG_LABELS', 'false'],
    ['CONTROLLER_KEEP_XDS_CONFIG_ANNOTATIONS', 'false'],
    ['PILOT_ENABLE_GATEWAY_API', 'false'],
    ['PILOT_ENABLE_ALPHA_GATEWAY_API', 'false'],
    ['ENABLE_LEADER_ELECTION', 'false'],
  ];
}

/**
 * higress-standalone compose/env/pilot.env: identity and kube access, then the flags that keep the
 * API surface small (higress-istio-needs.md §1.3; flipping one needs more API server resources).
 * The JWT path adds JWT_RULE (§4.3, §6.4).
 */
export function pilotEnv(config: StackConfig): Entries {
  const entries: Entries = [
    ['HIGRESS_CONTROLLER_SVC', hostOf(config, 'controller')],
    ['HIGRESS_CONTROLLER_PORT', '15051'],
    ['REVISION', 'default'],
    ['JWT_POLICY', 'none'],
    ['POD_NAME', 'higress-pilot'],
    ['POD_NAMESPACE', 'higress-system'],
    ['PILOT_CERT_PROVIDER', 'istiod'],
    ['KUBECONFIG', '/var/run/secrets/remote/config'],
    ['CLUSTER_ID', 'Kubernetes'],
    ['CUSTOM_CA_CERT_NAME', 'higress-ca-root-cert'],
    ['DEBUG_AUTH', 'false'],
    ['VALIDATION_ENABLED', 'false'],
    ['VALIDATION_WEBHOOK_CONFIG_NAME', ''],
    ['INJECT_ENABLED', 'false'],
    ['ENABLE_LEADER_ELECTION', 'false'],
    ['PRIORITIZED_LEADER_ELECTION', 'false'],
    ['PILOT_ENABLE_ANALYSIS', 'false'],
    ['PILOT_ENABLE_GATEWAY_API', 'false'],
    ['PILOT_ENABLE_ALPHA_GATEWAY_API', 'false'],
    ['PILOT_ENABLE_GATEWAY_API_STATUS', 'false'],
    ['PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER', 'false'],
    ['PILOT_ENABLE_K8S_SELECT_WORKLOAD_ENTRIES', 'false'],
    ['PILOT_ENABLE_CROSS_CLUSTER_WORKLOAD_ENTRY', 'false'],
    ['PILOT_ENABLE_METADATA_EXCHANGE', 'false'],
    ['PILOT_SCOPE_GATEWAY_TO_NAMESPACE', 'true'],
    ['PILOT_TRACE_SAMPLING', '1'],
    ['PILOT_ENABLE_LDS_CACHE', 'false'],
    ['PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_OUTBOUND', 'true'],
    ['PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_INBOUND', 'true'],
    ['PILOT_ENABLE_ALPN_FILTER', 'true'],
    ['PILOT_FILTER_GATEWAY_CLUSTER_CONFIG', 'true'],
    ['ISTIO_DUAL_STACK', 'false'],
    ['ENABLE_OPTIMIZED_CONFIG_REBUILD', 'false'],
    ['DEFAULT_UPSTREAM_CONCURRENCY_THRESHOLD', '10000'],
    ['ISTIO_GPRC_MAXRECVMSGSIZE', '104857600'],
    // Spelt as the Higress fork spells it.
    ['ENBALE_SCOPED_RDS', 'true'],
    ['ON_DEMAND_RDS', 'false'],
    ['HOST_RDS_MERGE_SUBSET', 'false'],
  ];
  if (config.identity.type === 'jwt') {
    const rule = {
      issuer: config.identity.issuer,
      jwks_uri: jwksUrl(config),
      audiences: ['istio-ca'],
    };
    entries.push(['JWT_RULE', JSON.stringify(rule)]);
  }
  return entries;
}

/**
 * higress-standalone compose/env/gateway.env. mTLS: the initializer-issued certificate (PROV_CERT).
 * JWT: no PROV_CERT; pilot-agent sends /var/run/secrets/tokens/istio-token, Pilot verifies it with
 * JWT_RULE, and the roots still come from the Pilot CA (higress-istio-needs.md §4.3).
 */
export function gatewayEnv(config: StackConfig): Entries {
  const identity: Entries =
    config.identity.type === 'mtls'
      ? [
          ['JWT_POLICY', 'none'],
          ['PROV_CERT', '/etc/certs'],
        ]
      : [['JWT_POLICY', 'third-party-jwt']];
  return [
    ...identity,
    ['CA_ROOT_CA', '/etc/certs/root-cert.pem'],
    ['XDS_ROOT_CA', '/etc/certs/root-cert.pem'],
    ['PILOT_XDS_SEND_TIMEOUT', '60s'],
    ['PROXY_XDS_VIA_AGENT', 'true'],
    ['ENABLE_INGRESS_GATEWAY_SDS', 'false'],
    ['POD_NAME', 'higress-gateway'],
    ['POD_NAMESPACE', 'higress-system'],
    ['ISTIO_META_CLUSTER_ID', 'Kubernetes'],
    ['ISTIO_META_HTTP10', '1'],
    ['INSTANCE_NAME', 'higress-gateway'],
  ];
}

/** higress-standalone compose/env/console.env without the observability dashboards we do not run. */
export function consoleEnv(config: StackConfig): Entries {
  const entries: Entries = [
    ['LANG', 'C.UTF-8'],
    ['HIGRESS_CONSOLE_KUBE_CONFIG', '/home/higress/.kube/config'],
    ['HIGRESS_CONSOLE_CONTROLLER_SERVICE_HOST', hostOf(config, 'pilot')],
    ['HIGRESS_CONSOLE_CONTROLLER_ACCESS_TOKEN', ''],
    ['HIGRESS_CONSOLE_SERVICE_HOST', 'higress-console.dns'],
    ['HIGRESS_CONSOLE_SERVICE_PORT', '8080.configured'],
  ];
  // On the host network the console (Spring Boot) must move off Pilot's 8080.
  if (config.network === 'host') entries.push(['SERVER_PORT', String(consolePort(config))]);
  return entries;
}
