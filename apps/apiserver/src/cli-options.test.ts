import { describe, expect, it } from 'vitest';
import { parseCli } from './cli-options.js';

describe('higress-apiserver flags', () => {
  it('accepts the higress-standalone flag set', () => {
    const config = parseCli([
      '--secure-port',
      '9443',
      '--bind-address',
      '127.0.0.1',
      '--tls-cert-file',
      'tls.crt',
      '--tls-private-key-file',
      'tls.key',
      '--client-ca-file',
      'ca.crt',
      '--storage',
      'nacos',
      '--nacos-server',
      'http://nacos:8848',
      '--nacos-username',
      'nacos',
      '--nacos-password',
      'secret',
      '--nacos-ns-id',
      'higress-system',
      '--nacos-encryption-key-file',
      'key',
      '--nacos-cache-dir',
      'cache',
    ]);
    expect(config).toMatchObject({
      securePort: 9443,
      bindAddress: '127.0.0.1',
      tls: { certFile: 'tls.crt', keyFile: 'tls.key', clientCaFile: 'ca.crt' },
      storage: {
        type: 'nacos',
        server: 'http://nacos:8848',
        username: 'nacos',
        namespaceId: 'higress-system',
        legacyEncryptionKeyFile: 'key',
        cacheDir: 'cache',
      },
    });
  });

  it('defaults the secure port to 8443 and serves plain HTTP with --insecure-port', () => {
    const config = parseCli(['--insecure-port', '0', '--storage', 'memory']);
    expect(config).toMatchObject({
      securePort: 8443,
      insecurePort: 0,
      tls: undefined,
      storage: { type: 'memory' },
    });
  });

  it('turns admission plugins off by kube-apiserver name, none by default', () => {
    const base = ['--insecure-port', '0', '--storage', 'memory'];
    expect(parseCli(base).disableAdmissionPlugins).toEqual([]);
    expect(
      parseCli([...base, '--disable-admission-plugins=NamespaceLifecycle']).disableAdmissionPlugins,
    ).toEqual(['NamespaceLifecycle']);
    expect(() => parseCli([...base, '--disable-admission-plugins', 'NamespaceLifecycle,Bogus'])).toThrow(
      'disable-admission-plugins plugin "Bogus" is unknown',
    );
  });

  it('parses the security flags, defaulting to RBAC with anonymous health checks only', () => {
    expect(
      parseCli(['--cert-dir', 'pki', '--storage', 'memory', '--tls-san', 'apiserver,10.0.0.5']),
    ).toMatchObject({
      certDir: 'pki',
      tlsSans: ['apiserver', '10.0.0.5'],
      tls: undefined,
      security: {
        authorizationMode: 'RBAC',
        anonymousAuth: true,
        maxRequestsInflight: 400,
        maxMutatingRequestsInflight: 200,
        maxWatchesPerClient: 100,
      },
    });
    const config = parseCli([
      '--insecure-port',
      '0',
      '--storage',
      'file',
      '--file-root-dir',
      'data',
      '--token-auth-file',
      'tokens.csv',
      '--service-account-jwks-file',
      'jwks.json',
      '--service-account-issuer',
      'https://a',
      '--service-account-issuer',
      'https://b',
      '--api-audiences',
      'higress,istio',
      '--anonymous-auth=false',
      '--authorization-mode',
      'AlwaysAllow',
      '--encryption-key-file',
      'keys',
      '--audit-log-path',
      'audit.log',
      '--max-watches-per-client',
      '0',
    ]);
    expect(config).toMatchObject({
      storage: { type: 'file', rootDir: 'data', encryptionKeyFile: 'keys' },
      security: {
        tokenAuthFile: 'tokens.csv',
        jwt: { jwks: 'jwks.json', issuers: ['https://a', 'https://b'], audiences: ['higress', 'istio'] },
        anonymousAuth: false,
        authorizationMode: 'AlwaysAllow',
        auditLogPath: 'audit.log',
        maxWatchesPerClient: 0,
      },
    });
  });

  it.each([
    [
      ['--cert-dir', 'p', '--authorization-mode', 'ABAC'],
      '--authorization-mode must be RBAC or AlwaysAllow, not "ABAC"',
    ],
    [['--cert-dir', 'p', '--service-account-jwks-file', 'j'], 'a JWKS needs --service-account-issuer'],
    [
      ['--cert-dir', 'p', '--service-account-issuer', 'https://a'],
      '--service-account-issuer needs --service-account-jwks-file or --service-account-jwks-url',
    ],
    [['--cert-dir', 'p', '--anonymous-auth', 'maybe'], 'must be true or false'],
    [
      ['--storage', 'memory'],
      'give --tls-cert-file and --tls-private-key-file (or --cert-dir) for HTTPS, or --insecure-port for plain HTTP',
    ],
    [['--insecure-port', '1', '--storage', 'etcd'], '--storage must be memory, file or nacos, not "etcd"'],
    [['--insecure-port', '1', '--storage', 'file'], '--storage file needs --file-root-dir <dir>'],
    [['--insecure-port', '1', '--storage', 'nacos'], '--storage nacos needs --nacos-server <url>'],
    [
      ['--tls-cert-file', 'a', '--storage', 'memory'],
      '--tls-cert-file and --tls-private-key-file must be given together',
    ],
    [
      ['--insecure-port', '70000'],
      "error: option '--insecure-port <port>' argument '70000' is invalid. must be a port number (0-65535)",
    ],
    [['--bogus'], "error: unknown option '--bogus'"],
  ])('rejects %j with a readable error', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(message);
  });
});
