/**
 * Every peer program we build, the Go module of ours (under `peers/`) it is built from, and the
 * package path of its main. Versions live in each module's go.mod; why these versions, in
 * docs/decisions/0007-peer-builds.md.
 */
export interface PeerTarget {
  /** Binary name under `peers/bin/`. */
  readonly name: string;
  /** Directory of our Go module, relative to `peers/`. */
  readonly module: string;
  /** Package to build (an upstream main, or `./cmd/...` of ours). */
  readonly pkg: string;
  /** What it is, for progress lines and skip reasons. */
  readonly description: string;
  /**
   * Also installed as a Docker CLI plugin (`$DOCKER_CONFIG/cli-plugins/<name>`, default
   * `~/.docker/cli-plugins/`), so `docker <subcommand>` finds it.
   */
  readonly cliPlugin?: boolean;
}

/**
 * Modules the proxy serves without a checksum-database entry; their go.sum lines are the record
 * (decision 0007).
 */
export const NO_SUMDB = ['istio.io/api'];

export const PEER_TARGETS: readonly PeerTarget[] = [
  {
    name: 'pilot-discovery',
    module: 'istio',
    pkg: 'istio.io/istio/pilot/cmd/pilot-discovery',
    description: 'Istio Pilot 1.27.0',
  },
  {
    name: 'xds-probe',
    module: 'istio',
    pkg: './cmd/xds-probe',
    description: 'ADS and CA client standing in for the gateway',
  },
  {
    name: 'kube-apiserver',
    module: 'kube',
    pkg: 'k8s.io/kubernetes/cmd/kube-apiserver',
    description: 'Kubernetes kube-apiserver 1.32.13 (the conformance oracle)',
  },
  {
    name: 'docker-compose',
    module: 'compose',
    pkg: 'github.com/docker/compose/v2/cmd',
    description: 'Docker Compose v2.40.3 (the `docker compose` CLI plugin)',
    cliPlugin: true,
  },
];

export type PeerName = (typeof PEER_TARGETS)[number]['name'];

export function peerTarget(name: string): PeerTarget {
  const t = PEER_TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`unknown peer ${name}; known: ${PEER_TARGETS.map((x) => x.name).join(', ')}`);
  return t;
}
