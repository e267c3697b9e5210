import type { StackConfig } from './stack-config.js';

/**
 * Named volumes and where they are mounted. The initializer (`--root INITIALIZER_ROOT`) writes every
 * volume through its `volumes/` tree, in which each volume sits at its `layoutPath`: the layout of
 * @hs/initializer's volumeLayout(), which follows higress-standalone's ./volumes tree. Consumers'
 * mount targets are the ones the Higress images read (higress-istio-needs.md §4.2).
 */
export const INITIALIZER_ROOT = '/var/lib/higress-standalone';
/** Where the initializer's volumeLayout(INITIALIZER_ROOT) puts the volumes. */
export const INITIALIZER_VOLUMES = `${INITIALIZER_ROOT}/volumes`;

export interface VolumeMount {
  service: string;
  target: string;
  readOnly: boolean;
}

export interface VolumeSpec {
  /** Volume key in the compose file; the Docker volume is `<project>-<key>`. */
  key: string;
  /** Path under the initializer root, or null when the initializer never touches it. */
  layoutPath: string | null;
  mounts: VolumeMount[];
}

const ro = (service: string, target: string): VolumeMount => ({ service, target, readOnly: true });
const rw = (service: string, target: string): VolumeMount => ({ service, target, readOnly: false });

/** The volumes a configuration uses, in a fixed order. */
export function volumeSpecs(config: StackConfig): VolumeSpec[] {
  const specs: VolumeSpec[] = [];
  if (config.storage.type === 'nacos-builtin') {
    specs.push({ key: 'nacos-data', layoutPath: null, mounts: [rw('nacos', '/home/nacos/data')] });
  }
  specs.push(
    // CA, serving and client certificates of the API server, the data-encryption key, the JWK.
    { key: 'api', layoutPath: 'api', mounts: [ro('apiserver', '/etc/api')] },
    // The admin kubeconfig (kube/config) for the seed step and operators; each consumer has its
    // own directory holding `config` and the client certificate it embeds.
    { key: 'kube', layoutPath: 'kube', mounts: [] },
    {
      key: 'kube-controller',
      layoutPath: 'kube/controller',
      mounts: [ro('controller', '/home/higress/.kube')],
    },
    { key: 'kube-pilot', layoutPath: 'kube/pilot', mounts: [ro('pilot', '/var/run/secrets/remote')] },
    { key: 'kube-console', layoutPath: 'kube/console', mounts: [ro('console', '/home/higress/.kube')] },
    // CA private keys nobody but the initializer reads; kept so that a rerun reuses the CAs.
    { key: 'pki', layoutPath: 'pki', mounts: [] },
    { key: 'pilot-cacerts', layoutPath: 'pilot/cacerts', mounts: [ro('pilot', '/etc/cacerts')] },
    {
      key: 'pilot-config',
      layoutPath: 'pilot/config',
      mounts: [ro('pilot', '/etc/istio/config'), ro('gateway', '/etc/istio/config')],
    },
    { key: 'gateway-certs', layoutPath: 'gateway/certs', mounts: [ro('gateway', '/etc/certs')] },
    { key: 'gateway-podinfo', layoutPath: 'gateway/podinfo', mounts: [ro('gateway', '/etc/istio/pod')] },
    { key: 'gateway-data', layoutPath: 'gateway/istio/data', mounts: [rw('gateway', '/var/lib/istio/data')] },
    { key: 'gateway-log', layoutPath: 'gateway/log', mounts: [rw('gateway', '/var/log/proxy')] },
    // Holds tokens/istio-token on the JWT path (the gateway reads /var/run/secrets/tokens/istio-token).
    { key: 'gateway-secrets', layoutPath: 'gateway/secrets', mounts: [rw('gateway', '/var/run/secrets')] },
    { key: 'gateway-proxy', layoutPath: 'gateway/proxy', mounts: [rw('gateway', '/etc/istio/proxy')] },
    {
      key: 'controller-log',
      layoutPath: 'controller/log/nacos',
      mounts: [rw('controller', '/var/log/nacos')],
    },
    // Public files (/.well-known/jwks.json) the file server publishes.
    { key: 'fileserver', layoutPath: 'fileserver', mounts: [ro('fileserver', '/srv/public')] },
    // The console's token for Pilot's debug API (used only with DEBUG_AUTH=true).
    { key: 'console', layoutPath: 'console', mounts: [] },
  );
  if (config.storage.type === 'file') {
    specs.push({ key: 'file-store', layoutPath: 'data', mounts: [rw('apiserver', '/opt/data')] });
  }
  return specs;
}

/** `volume:target[:ro]` entries for one service, in volume order. */
export function serviceVolumes(specs: VolumeSpec[], service: string): string[] {
  const out: string[] = [];
  for (const spec of specs) {
    for (const mount of spec.mounts) {
      if (mount.service === service) out.push(`${spec.key}:${mount.target}${mount.readOnly ? ':ro' : ''}`);
    }
  }
  return out;
}

/** The initializer's mounts: every volume it writes, at its place under INITIALIZER_ROOT. */
export function initializerVolumes(specs: VolumeSpec[]): string[] {
  return specs
    .filter((spec) => spec.layoutPath !== null)
    .map((spec) => `${spec.key}:${INITIALIZER_VOLUMES}/${spec.layoutPath}`);
}
