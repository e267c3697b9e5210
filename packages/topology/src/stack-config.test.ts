import { describe, expect, it } from 'vitest';
import { generateTopology } from './generate.js';
import { parseStackConfig, StackConfigError } from './stack-config.js';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseStackConfig(input);
  } catch (error) {
    if (error instanceof StackConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseStackConfig', () => {
  it('completes an empty config with the defaults', () => {
    const config = parseStackConfig({});
    expect(config.storage).toEqual({ type: 'nacos-builtin', namespaceId: 'higress-system' });
    expect(config.network).toBe('bridge');
    expect(config.identity).toEqual({ type: 'mtls' });
    expect(config.hostPorts.apiserver).toBe(8443);
    expect(config.images.pilot).toMatch(/\/pilot:2\.2\.4@sha256:[0-9a-f]{64}$/);
    expect(config.images.apiserver).toBe('higress-standalone/apiserver:0.1.0');
  });

  it.each([
    [{ storage: { type: 'etcd' } }, 'storage.type'],
    [{ storage: { type: 'nacos-external' } }, 'storage.serverUrl'],
    [{ storage: { type: 'nacos-external', serverUrl: 'ftp://x:21/nacos' } }, 'storage.serverUrl'],
    [
      { storage: { type: 'nacos-external', serverUrl: 'http://n:8848/nacos', password: 'a\nb' } },
      'storage.password',
    ],
    [{ storage: { type: 'nacos-builtin', namespaceId: 'Not_A_Label' } }, 'storage.namespaceId'],
    [{ hostPorts: { apiserver: 70000 } }, 'hostPorts.apiserver'],
    [{ hostPorts: { gatewayHttp: 'eighty' } }, 'hostPorts.gatewayHttp'],
    [{ images: { pilot: 'Not A Reference' } }, 'images.pilot'],
    [{ network: 'overlay' }, 'network'],
    [{ identity: { type: 'jwt', issuer: '' } }, 'identity.issuer'],
    [{ projectName: 'Higress!' }, 'projectName'],
    [{ profiles: { console: 'yes' } }, 'profiles.console'],
  ])('rejects %j at %s', (input, path) => {
    const issues = issuesOf(input);
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it('rejects two services on one port in host network mode, naming the configurable port', () => {
    const issues = issuesOf({ network: 'host', hostPorts: { console: 8080 } });
    expect(issues).toEqual([
      {
        path: 'hostPorts.console',
        message: 'port 8080 (console) is also used by pilot http in host network mode',
      },
    ]);
    expect(issuesOf({ network: 'host', hostPorts: { nacosHttp: 14012 } }).map((i) => i.path)).toEqual([
      'hostPorts.nacosHttp',
    ]);
    // The same ports are fine on the bridge network, where only published ports share the host.
    expect(parseStackConfig({ hostPorts: { console: 8080 } }).hostPorts.console).toBe(8080);
  });

  it('names every issue in the error message', () => {
    expect(() =>
      generateTopology(JSON.parse('{"network":"overlay","hostPorts":{"apiserver":0}}')),
    ).toThrowError(/invalid stack config:\n {2}hostPorts\.apiserver: .*\n {2}network: /s);
  });
});
