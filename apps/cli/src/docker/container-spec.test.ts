import { generateTopology } from '@hs/topology';
import { describe, expect, it } from 'vitest';
import { containerName, containerSpec, durationNs } from './container-spec.js';

describe('containerSpec', () => {
  it('maps a bridge-network service to engine options as docker compose would', () => {
    const topology = generateTopology({});
    const spec = containerSpec(topology, 'apiserver');
    expect(spec.name).toBe('higress-standalone-apiserver-1');
    expect(spec.Image).toBe('higress-standalone/apiserver:0.1.0');
    expect(spec.Cmd?.slice(0, 2)).toEqual(['--secure-port', '8443']);
    expect(spec.Labels).toMatchObject({
      'com.docker.compose.project': 'higress-standalone',
      'com.docker.compose.service': 'apiserver',
    });
    // Compose v2 lists only containers with a config hash; each service has its own.
    expect(spec.Labels?.['com.docker.compose.config-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(containerSpec(topology, 'fileserver').Labels?.['com.docker.compose.config-hash']).not.toBe(
      spec.Labels?.['com.docker.compose.config-hash'],
    );
    expect(spec.HostConfig?.Binds).toEqual(['higress-standalone-api:/etc/api:ro']);
    expect(spec.HostConfig?.PortBindings).toEqual({
      '8443/tcp': [{ HostIp: '127.0.0.1', HostPort: '8443' }],
    });
    expect(spec.HostConfig?.NetworkMode).toBe('higress-standalone-net');
    expect(spec.HostConfig?.RestartPolicy).toEqual({ Name: 'always' });
    expect(spec.NetworkingConfig?.EndpointsConfig?.['higress-standalone-net']?.Aliases).toEqual([
      'apiserver',
      'apiserver.svc',
    ]);
    expect(spec.Healthcheck).toEqual({
      Test: ['CMD', 'node', '/app/healthcheck.mjs', 'https://127.0.0.1:8443/readyz'],
      Interval: 1e9,
      Timeout: 3e9,
      Retries: 60,
    });
  });

  it('inlines env files with literal values and undoes compose $-escaping in commands', () => {
    const topology = generateTopology({
      storage: { type: 'nacos-external', serverUrl: 'http://127.0.0.1:8848/nacos', password: 'a$b c' },
    });
    expect(containerSpec(topology, 'init').Env).toContain('NACOS_PASSWORD=a$b c');
    expect(containerSpec(topology, 'apiserver').Cmd).toContain('a$b c');
    expect(containerSpec(topology, 'pilot').Env).toContain('KUBECONFIG=/var/run/secrets/remote/config');
  });

  it('uses host networking with loopback names and no published ports on the host network', () => {
    const topology = generateTopology({ network: 'host', projectName: 'hs-test' });
    const spec = containerSpec(topology, 'seed');
    expect(spec.HostConfig?.NetworkMode).toBe('host');
    expect(spec.HostConfig?.ExtraHosts).toContain('apiserver:127.0.0.1');
    expect(spec.NetworkingConfig).toBeUndefined();
    expect(spec.HostConfig?.RestartPolicy).toEqual({ Name: 'on-failure' });
    expect(spec.Healthcheck).toBeUndefined();
    expect(spec.HostConfig?.Binds).toContain('hs-test-kube:/var/lib/higress-standalone/volumes/kube');
    expect(containerName('hs-test', 'seed')).toBe(spec.name);
  });

  it('rejects an unknown service', () => {
    expect(() => containerSpec(generateTopology({}), 'etcd')).toThrow(/no service etcd/);
  });
});

describe('durationNs', () => {
  it('reads Go durations', () => {
    expect(durationNs('1s')).toBe(1e9);
    expect(durationNs('1m30s')).toBe(90e9);
    expect(durationNs('250ms')).toBe(250e6);
    expect(() => durationNs('soon')).toThrow(/invalid duration/);
  });
});
