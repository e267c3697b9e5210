import { join, resolve } from 'node:path';

/** The components that get their own client certificate and kubeconfig. */
export const CONSUMERS = ['controller', 'pilot', 'console', 'admin'] as const;
export type Consumer = (typeof CONSUMERS)[number];

/**
 * Where every generated file lives, rooted at `<root>/volumes` so the tree mirrors the compose
 * volumes (higress-standalone compose/docker-compose.yml mounts the same directories) and
 * `pnpm dev --local` uses the same code and paths.
 *
 * Mount points in compose:
 * - `api/`            → apiserver `/etc/api` (serving cert, client CA, data-encryption key, JWKS)
 * - `kube/<consumer>/`→ controller/console `/home/higress/.kube` and Pilot `/var/run/secrets/remote`
 *                       (each directory holds `config` plus the client cert it embeds)
 * - `pilot/cacerts/`  → Pilot `/etc/cacerts` (plugged-in CA); `pilot/config/` → `/etc/istio/config`
 * - `gateway/certs/`  → gateway `/etc/certs`; `gateway/podinfo/` → `/etc/istio/pod`;
 *   `gateway/{istio/data,secrets,proxy,log}` → `/var/lib/istio/data`, `/var/run/secrets`,
 *   `/etc/istio/proxy`, `/var/log/proxy` (writable for uid 1337)
 * - `fileserver/`     → fileserver root (publishes `.well-known/jwks.json`)
 * - `pki/`            → mounted only into the initializer: CA private keys nobody else needs.
 */
export function volumeLayout(root: string) {
  const volumes = join(resolve(root), 'volumes');
  const api = join(volumes, 'api');
  const kube = join(volumes, 'kube');
  const pki = join(volumes, 'pki');
  const cacerts = join(volumes, 'pilot', 'cacerts');
  const gateway = join(volumes, 'gateway');
  const fileserver = join(volumes, 'fileserver');
  const kubeDir = (c: Consumer) => join(kube, c);
  return {
    root: resolve(root),
    volumes,
    api: {
      dir: api,
      caCert: join(api, 'ca.crt'),
      serverCert: join(api, 'server.crt'),
      serverKey: join(api, 'server.key'),
      dataEncryptionKey: join(api, 'nacos.key'),
      /** Public keys the apiserver may use to verify bearer tokens the initializer minted. */
      jwks: join(api, 'jwks.json'),
    },
    /** File-storage root for `--storage file`. */
    data: join(volumes, 'data'),
    pki: {
      dir: pki,
      apiserverCaKey: join(pki, 'apiserver-ca.key'),
      pilotRootKey: join(pki, 'pilot-root-key.pem'),
      tokenSigningKey: join(pki, 'token-signing.key'),
    },
    kube: {
      dir: kube,
      /** The admin kubeconfig, for operators and `pnpm dev` (copied to `.dev/kubeconfig`). */
      adminConfig: join(kube, 'config'),
      consumerDir: kubeDir,
      config: (c: Consumer) => join(kubeDir(c), 'config'),
      clientCert: (c: Consumer) => join(kubeDir(c), 'client.crt'),
      clientKey: (c: Consumer) => join(kubeDir(c), 'client.key'),
    },
    pilot: {
      cacerts,
      rootCert: join(cacerts, 'root-cert.pem'),
      caCert: join(cacerts, 'ca-cert.pem'),
      caKey: join(cacerts, 'ca-key.pem'),
      certChain: join(cacerts, 'cert-chain.pem'),
      configDir: join(volumes, 'pilot', 'config'),
    },
    gateway: {
      dir: gateway,
      certsDir: join(gateway, 'certs'),
      certChain: join(gateway, 'certs', 'cert-chain.pem'),
      key: join(gateway, 'certs', 'key.pem'),
      rootCert: join(gateway, 'certs', 'root-cert.pem'),
      podLabels: join(gateway, 'podinfo', 'labels'),
      istioData: join(gateway, 'istio', 'data'),
      secrets: join(gateway, 'secrets'),
      istioToken: join(gateway, 'secrets', 'tokens', 'istio-token'),
      proxy: join(gateway, 'proxy'),
      logDir: join(gateway, 'log'),
      accessLog: join(gateway, 'log', 'access.log'),
    },
    controller: { nacosLogDir: join(volumes, 'controller', 'log', 'nacos') },
    console: { token: join(volumes, 'console', 'token') },
    fileserver: { root: fileserver, jwks: join(fileserver, '.well-known', 'jwks.json') },
  };
}

export type VolumeLayout = ReturnType<typeof volumeLayout>;
