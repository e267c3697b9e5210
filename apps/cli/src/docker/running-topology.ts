import { type StackConfig, type Topology, volumeSpecs } from '@hs/topology';

/**
 * The topology as the engine sees it when only `services` run: the volumes a running service
 * reads or writes, plus those no service mounts (the initializer's own state: the admin
 * kubeconfig, the CA keys), so that a rerun reuses the CAs. The initializer's mounts of the other
 * volumes are left out: it writes those files into its container instead, and the next `up` that
 * starts their consumers creates the volumes and has the initializer fill them. The compose files
 * on disk keep the whole topology.
 */
export function runningTopology(
  topology: Topology,
  config: StackConfig,
  services: readonly string[],
): Topology {
  const running = new Set(services);
  const keep = new Set(
    volumeSpecs(config)
      .filter((spec) => spec.mounts.length === 0 || spec.mounts.some((m) => running.has(m.service)))
      .map((spec) => spec.key),
  );
  const compose = topology.compose;
  return {
    ...topology,
    compose: {
      ...compose,
      volumes: Object.fromEntries(Object.entries(compose.volumes).filter(([key]) => keep.has(key))),
      services: Object.fromEntries(
        Object.entries(compose.services).map(([name, service]) => [
          name,
          service.volumes
            ? { ...service, volumes: service.volumes.filter((m) => keep.has(m.split(':')[0] ?? '')) }
            : service,
        ]),
      ),
    },
  };
}
