import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ComposeModel } from './compose-model.js';
import { generateTopology, startWaves } from './generate.js';
import { renderTopologyFiles } from './serialize.js';
import { CASES } from './test-helpers/cases.js';
import { composeSchemaErrors } from './test-helpers/compose-schema.js';

function envOf(topology: ReturnType<typeof generateTopology>, file: string): Record<string, string> {
  return Object.fromEntries(topology.envFiles[file] ?? []);
}

describe('generateTopology snapshots', () => {
  for (const [name, config] of Object.entries(CASES)) {
    it(`${name}: files match the committed snapshots and the compose-spec schema`, async () => {
      const files = renderTopologyFiles(generateTopology(config));
      for (const [path, content] of Object.entries(files)) {
        await expect(content).toMatchFileSnapshot(`./__snapshots__/${name}/${path}`);
      }
      const document: unknown = parse(files['docker-compose.yml'] ?? '');
      expect(composeSchemaErrors(document)).toEqual([]);
    });
  }

  it('is deterministic', () => {
    for (const config of Object.values(CASES)) {
      expect(renderTopologyFiles(generateTopology(config))).toEqual(
        renderTopologyFiles(generateTopology(config)),
      );
    }
  });
});

describe('generateTopology structure', () => {
  it('starts services in the documented order with health gates', () => {
    const { compose } = generateTopology({});
    expect(startWaves(compose)).toEqual([
      ['nacos'],
      ['init'],
      ['apiserver', 'fileserver'],
      ['seed'],
      ['controller'],
      ['console', 'pilot'],
      ['gateway'],
    ]);
    const conditions = Object.fromEntries(
      Object.entries(compose.services).map(([name, s]) => [
        name,
        Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([d, c]) => [d, c.condition])),
      ]),
    );
    expect(conditions).toEqual({
      nacos: {},
      init: { nacos: 'service_healthy' },
      apiserver: { init: 'service_completed_successfully' },
      fileserver: { init: 'service_completed_successfully' },
      seed: { apiserver: 'service_healthy', fileserver: 'service_healthy' },
      controller: { seed: 'service_completed_successfully' },
      pilot: { controller: 'service_healthy' },
      gateway: { pilot: 'service_healthy' },
      console: { controller: 'service_healthy' },
    });
    for (const name of ['nacos', 'apiserver', 'fileserver', 'controller', 'pilot', 'gateway', 'console']) {
      expect(compose.services[name]?.healthcheck, name).toBeDefined();
    }
  });

  it('leaves Nacos out for external Nacos and file storage, and passes the storage to the API server', () => {
    const external = generateTopology(CASES['external-nacos'] ?? {});
    expect(external.compose.services.nacos).toBeUndefined();
    expect(external.compose.services.init?.depends_on).toBeUndefined();
    const args = external.compose.services.apiserver?.command ?? [];
    expect(args.slice(args.indexOf('--nacos-server'), args.indexOf('--nacos-server') + 2)).toEqual([
      '--nacos-server',
      'http://nacos.example.internal:8848/nacos',
    ]);
    // `$` doubled: Compose would otherwise interpolate the password.
    expect(args).toContain('pa$$$$ #word');
    expect(envOf(external, 'initializer.env').NACOS_PASSWORD).toBe('pa$$ #word');
    expect(envOf(external, 'initializer.env').NACOS_NS).toBe('gw-prod');
    expect(external.dotEnv).toContainEqual(['COMPOSE_PROFILES', '']);

    const file = generateTopology({ storage: { type: 'file' } });
    expect(file.compose.services.nacos).toBeUndefined();
    expect(file.compose.services.apiserver?.command).toEqual(
      expect.arrayContaining(['--storage', 'file', '--file-root-dir', '/opt/data']),
    );
    expect(file.compose.services.apiserver?.volumes).toContain('file-store:/opt/data');
    expect(file.compose.services.apiserver?.command).not.toContain('--nacos-server');
  });

  it('host network: no networks or published ports, loopback addresses, moved console ports', () => {
    const host = generateTopology({ network: 'host' });
    const model: ComposeModel = host.compose;
    expect(model.networks).toBeUndefined();
    for (const [name, service] of Object.entries(model.services)) {
      expect(service.network_mode, name).toBe('host');
      expect(service.ports, name).toBeUndefined();
      expect(service.networks, name).toBeUndefined();
    }
    expect(envOf(host, 'pilot.env').HIGRESS_CONTROLLER_SVC).toBe('127.0.0.1');
    expect(model.services.init?.command).toEqual(
      expect.arrayContaining(['--apiserver-url', 'https://127.0.0.1:8443']),
    );
    expect(model.services.pilot?.extra_hosts).toContain('controller:127.0.0.1');
    expect(model.services.gateway?.extra_hosts).toContain('pilot:127.0.0.1');
    expect(envOf(host, 'console.env').SERVER_PORT).toBe('8180');
    expect(envOf(host, 'nacos.env').JAVA_OPT).toContain('-Dnacos.console.port=8081');
    expect(model.services.apiserver?.command).toEqual(
      expect.arrayContaining(['--bind-address', '127.0.0.1']),
    );
  });

  it('bridge network: higress-standalone hostnames and *.svc aliases', () => {
    const { compose } = generateTopology({});
    expect(compose.services.pilot?.hostname).toBe('higress-pilot');
    expect(compose.services.pilot?.networks).toEqual({ 'higress-net': { aliases: ['pilot.svc'] } });
    expect(compose.services.gateway?.ports).toEqual(['80:80/tcp', '443:443/tcp', '15020:15020/tcp']);
    expect(compose.services.apiserver?.ports).toEqual(['127.0.0.1:8443:8443/tcp']);
  });

  it('JWT identity: JWT_RULE on Pilot, the gateway without PROV_CERT', () => {
    const jwt = generateTopology({ identity: { type: 'jwt' } });
    expect(JSON.parse(envOf(jwt, 'pilot.env').JWT_RULE ?? '')).toEqual({
      issuer: 'higress',
      jwks_uri: 'http://fileserver:3000/.well-known/jwks.json',
      audiences: ['istio-ca'],
    });
    expect(envOf(jwt, 'gateway.env').PROV_CERT).toBeUndefined();
    expect(envOf(jwt, 'gateway.env').CA_ROOT_CA).toBe('/etc/certs/root-cert.pem');
    expect(jwt.compose.services.gateway?.volumes).toContain('gateway-secrets:/var/run/secrets');
    expect(jwt.compose.services.pilot?.depends_on?.fileserver).toEqual({ condition: 'service_healthy' });
    expect(jwt.compose.services.init?.command).toEqual(expect.arrayContaining(['--token-issuer', 'higress']));

    const mtls = generateTopology({});
    expect(envOf(mtls, 'pilot.env').JWT_RULE).toBeUndefined();
    expect(envOf(mtls, 'gateway.env').PROV_CERT).toBe('/etc/certs');
  });

  it('every mounted volume is declared, and the initializer writes every volume but Nacos data', () => {
    const { compose } = generateTopology({ storage: { type: 'file' } });
    const declared = Object.keys(compose.volumes);
    for (const [name, service] of Object.entries(compose.services)) {
      for (const mount of service.volumes ?? []) {
        expect(declared, `${name} mounts ${mount}`).toContain(mount.split(':')[0]);
      }
    }
    const initMounts = (compose.services.init?.volumes ?? []).map((m) => m.split(':')[0]);
    expect(initMounts.sort()).toEqual(declared.filter((v) => v !== 'nacos-data').sort());
    expect(compose.volumes['file-store']).toEqual({ name: 'higress-standalone-file-store' });
  });
});

describe('startWaves', () => {
  it('leaves out excluded services and rejects a dependency on one', () => {
    const { compose } = generateTopology({});
    expect(startWaves(compose, (name) => name !== 'console').flat()).not.toContain('console');
    expect(() => startWaves(compose, (name) => name !== 'nacos')).toThrow(/init depends on nacos/);
  });

  it('rejects a cycle', () => {
    const image = 'x';
    const model: ComposeModel = {
      volumes: {},
      services: {
        a: { image, restart: 'no', depends_on: { b: { condition: 'service_started' } } },
        b: { image, restart: 'no', depends_on: { a: { condition: 'service_started' } } },
      },
    };
    expect(() => startWaves(model)).toThrow(/cycle among a, b/);
  });
});

describe('initializer wiring', () => {
  it('mounts every volume where @hs/initializer volumeLayout() puts it', async () => {
    const { volumeLayout } = await import('@hs/initializer');
    const layout = volumeLayout('/var/lib/higress-standalone');
    const { compose } = generateTopology({ storage: { type: 'file' } });
    const mounts = Object.fromEntries(
      (compose.services.init?.volumes ?? []).map((m) => m.split(':').reverse()),
    );
    expect(mounts).toMatchObject({
      [layout.api.dir]: 'api',
      [layout.kube.dir]: 'kube',
      [layout.kube.consumerDir('controller')]: 'kube-controller',
      [layout.kube.consumerDir('pilot')]: 'kube-pilot',
      [layout.kube.consumerDir('console')]: 'kube-console',
      [layout.pki.dir]: 'pki',
      [layout.pilot.cacerts]: 'pilot-cacerts',
      [layout.pilot.configDir]: 'pilot-config',
      [layout.gateway.certsDir]: 'gateway-certs',
      [layout.gateway.istioData]: 'gateway-data',
      [layout.gateway.secrets]: 'gateway-secrets',
      [layout.gateway.proxy]: 'gateway-proxy',
      [layout.gateway.logDir]: 'gateway-log',
      [layout.controller.nacosLogDir]: 'controller-log',
      [layout.fileserver.root]: 'fileserver',
      [layout.data]: 'file-store',
    });
    expect(mounts[`${layout.gateway.dir}/podinfo`]).toBe('gateway-podinfo');
  });
});
