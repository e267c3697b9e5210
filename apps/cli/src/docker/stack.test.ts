import { generateTopology, startWaves } from '@hs/topology';
import { describe, expect, it } from 'vitest';
import { activeServices, selectServices } from './stack.js';

describe('activeServices', () => {
  it('leaves out services whose profile is inactive, as docker compose up does', () => {
    const topology = generateTopology({});
    const without = startWaves(topology.compose, activeServices(topology, [])).flat();
    expect(without).not.toContain('console');
    expect(without).toEqual([
      'nacos',
      'init',
      'apiserver',
      'fileserver',
      'seed',
      'controller',
      'pilot',
      'gateway',
    ]);
    expect(startWaves(topology.compose, activeServices(topology, ['console'])).flat()).toContain('console');
  });
});

describe('selectServices', () => {
  const topology = generateTopology({ storage: { type: 'file' }, network: 'host' });
  const active = activeServices(topology, []);

  it('starts only the named services, in dependency order', () => {
    const include = selectServices(topology, active, ['seed', 'init', 'fileserver', 'apiserver']);
    expect(startWaves(topology.compose, include)).toEqual([['init'], ['apiserver', 'fileserver'], ['seed']]);
  });

  it('keeps every active service without a selection', () => {
    expect(selectServices(topology, active, undefined)).toBe(active);
  });

  it('does not start a named service whose profile is inactive', () => {
    const include = selectServices(topology, active, ['console']);
    expect(include('console')).toBe(false);
  });

  it('rejects an unknown name and names the known ones', () => {
    expect(() => selectServices(topology, active, ['init', 'etcd'])).toThrow(
      /no service etcd; services: init, apiserver/,
    );
  });

  it('leaves the dependency check to startWaves, which names the missing dependency', () => {
    const include = selectServices(topology, active, ['apiserver', 'seed']);
    expect(() => startWaves(topology.compose, include)).toThrow(/apiserver depends on init/);
  });
});
