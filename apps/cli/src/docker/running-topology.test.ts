import { generateTopology, parseStackConfig } from '@hs/topology';
import { describe, expect, it } from 'vitest';
import { runningTopology } from './running-topology.js';

const config = parseStackConfig({ storage: { type: 'file' }, network: 'host' });
const topology = generateTopology(config);
const ours = ['init', 'apiserver', 'fileserver', 'seed'];

describe('runningTopology', () => {
  it("keeps only the running services' volumes and the initializer's own state", () => {
    const running = runningTopology(topology, config, ours);
    expect(Object.keys(running.compose.volumes).sort()).toEqual(
      ['api', 'console', 'file-store', 'fileserver', 'kube', 'pki'].sort(),
    );
    expect(Object.keys(topology.compose.volumes).length).toBeGreaterThan(15);
    // The initializer writes only the kept volumes; everything else stays in its container.
    expect(running.compose.services.init?.volumes?.map((m) => m.split(':')[0]).sort()).toEqual(
      ['api', 'console', 'file-store', 'fileserver', 'kube', 'pki'].sort(),
    );
    expect(running.compose.services.apiserver?.volumes).toEqual(topology.compose.services.apiserver?.volumes);
  });

  it('every volume a running service mounts is declared, and the whole stack keeps them all', () => {
    for (const services of [ours, Object.keys(topology.compose.services)]) {
      const running = runningTopology(topology, config, services);
      for (const name of services) {
        for (const mount of running.compose.services[name]?.volumes ?? []) {
          expect(running.compose.volumes, `${name} mounts ${mount}`).toHaveProperty(
            mount.split(':')[0] ?? '',
          );
        }
      }
    }
    expect(runningTopology(topology, config, Object.keys(topology.compose.services)).compose).toEqual(
      topology.compose,
    );
  });

  it('leaves the topology it was given unchanged', () => {
    const before = structuredClone(topology);
    runningTopology(topology, config, ['init']);
    expect(topology).toEqual(before);
  });
});
