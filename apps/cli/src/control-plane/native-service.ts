import { join } from 'node:path';
import { generateTopology, parseStackConfig, type StackConfigInput, volumeSpecs } from '@hs/topology';

/** A compose service as a local process: its command and environment with host paths. */
export interface NativeService {
  args: string[];
  env: Record<string, string>;
  /** Container path → host path of every volume the service mounts. */
  mounts: [target: string, host: string][];
}

/**
 * The command and env file the compose topology gives `service`, with every path under one of its
 * volume mounts rewritten to where the initializer wrote that volume under `volumesDir`. Local and
 * compose runs therefore share one definition and cannot drift.
 */
export function nativeService(config: StackConfigInput, service: string, volumesDir: string): NativeService {
  const parsed = parseStackConfig(config);
  const topology = generateTopology(parsed);
  const spec = topology.compose.services[service];
  if (!spec) throw new Error(`the topology has no service ${service}`);
  const mounts: [string, string][] = [];
  for (const volume of volumeSpecs(parsed)) {
    for (const m of volume.mounts) {
      if (m.service === service && volume.layoutPath !== null)
        mounts.push([m.target, join(volumesDir, volume.layoutPath)]);
    }
  }
  // Longest target first, so /etc/istio/config wins over a mount at /etc.
  mounts.sort((a, b) => b[0].length - a[0].length);
  const toHost = (value: string) => {
    for (const [target, host] of mounts) {
      const at = value.indexOf(target);
      if (at >= 0 && (value.length === at + target.length || value[at + target.length] === '/')) {
        return value.slice(0, at) + host + value.slice(at + target.length);
      }
    }
    return value;
  };
  const envFile = (spec.env_file ?? [])[0]?.replace(/^\.\/env\//, '');
  const entries = envFile ? (topology.envFiles[envFile] ?? []) : [];
  return {
    args: (spec.command ?? []).map(toHost),
    env: Object.fromEntries(entries.map(([k, v]) => [k, toHost(v)])),
    mounts,
  };
}
