import type { StackConfigInput } from '../stack-config.js';

/** The configurations whose output is snapshotted and checked against the schema and docker-compose. */
export const CASES: Record<string, StackConfigInput> = {
  'builtin-nacos': {},
  'external-nacos': {
    storage: {
      type: 'nacos-external',
      serverUrl: 'http://nacos.example.internal:8848/nacos',
      username: 'higress',
      password: 'pa$$ #word',
      namespaceId: 'gw-prod',
    },
    profiles: { console: false },
  },
  'file-storage': { storage: { type: 'file' }, buildOwnImages: false, projectName: 'hs-files' },
  'host-network': { network: 'host', hostPorts: { gatewayHttp: 8000, gatewayHttps: 8443 + 1 } },
  'jwt-identity': { identity: { type: 'jwt', issuer: 'higress-standalone' } },
};
