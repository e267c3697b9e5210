import type { ComposeHealthcheck, ComposeService, DependencyCondition } from './compose-model.js';
import type { StackConfig } from './stack-config.js';

/** The bridge network's key in the compose file. */
export const NETWORK_KEY = 'higress-net';

/**
 * The host name another container uses to reach `service`: the compose service name on the bridge
 * network (higress-standalone's hostnames and `<svc>.svc` aliases are added too), loopback on the
 * host network.
 */
export function hostOf(config: StackConfig, service: string): string {
  return config.network === 'host' ? '127.0.0.1' : service;
}

/** Where our servers listen: all interfaces of their own network namespace, or loopback on the host network. */
export function bindAddress(config: StackConfig): string {
  return config.network === 'host' ? '127.0.0.1' : '0.0.0.0';
}

/**
 * Names the seeded resources and mesh config use (`pilot:15012`, `xds://controller:15051`,
 * `controller.svc:8889`, `console.svc:8080`, `nacos:8848`): on the host network they all resolve to
 * loopback through extra_hosts.
 */
const SERVICE_NAMES = ['nacos', 'apiserver', 'fileserver', 'controller', 'pilot', 'gateway', 'console'];
const HOST_ALIASES = SERVICE_NAMES.flatMap((name) => [`${name}:127.0.0.1`, `${name}.svc:127.0.0.1`]);

/** hostname / networks, or network_mode: host with the service names mapped to loopback. */
export function networkFields(
  config: StackConfig,
  service: string,
): Pick<ComposeService, 'hostname' | 'networks' | 'network_mode' | 'extra_hosts'> {
  if (config.network === 'host') return { network_mode: 'host', extra_hosts: HOST_ALIASES };
  return { hostname: `higress-${service}`, networks: { [NETWORK_KEY]: { aliases: [`${service}.svc`] } } };
}

/** Published ports; none on the host network, where services listen on the host directly. */
export function publish(config: StackConfig, ports: string[]): Pick<ComposeService, 'ports'> {
  return config.network === 'host' || ports.length === 0 ? {} : { ports };
}

/** Health checks poll every second for a minute, as higress-standalone's compose file does. */
export function healthcheck(test: string[]): ComposeHealthcheck {
  return { test, interval: '1s', timeout: '3s', retries: 60 };
}

export function curlCheck(url: string): ComposeHealthcheck {
  return healthcheck(['CMD', 'curl', '-fk', url]);
}

/** Our own images ship /app/healthcheck.mjs: exit 0 when the URL answers 2xx (TLS not verified). */
export function nodeCheck(url: string): ComposeHealthcheck {
  return healthcheck(['CMD', 'node', '/app/healthcheck.mjs', url]);
}

export function dependsOn(
  entries: [string, DependencyCondition][],
): Record<string, { condition: DependencyCondition }> {
  return Object.fromEntries(entries.map(([service, condition]) => [service, { condition }]));
}

/**
 * Compose interpolates `$` in the YAML; a literal value (a password, say) must double it
 * (compose-spec interpolation: `$$` is a literal `$`).
 */
export function literal(value: string): string {
  return value.replaceAll('$', '$$$$');
}
