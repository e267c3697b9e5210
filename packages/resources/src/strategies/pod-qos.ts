/**
 * A Pod's QoS class, after k8s.io/kubernetes pkg/apis/core/helper/qos/qos.go (GetPodQOS): only
 * cpu and memory count; BestEffort without positive requests or limits, Guaranteed when every
 * container limits both and the summed requests equal the summed limits, Burstable otherwise.
 * Runs on the defaulted Pod (requests already copied from limits).
 */
import { asRecord, items, type Json } from './defaults.js';

const COMPUTE = ['cpu', 'memory'] as const;

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A resource.Quantity as a number (NaN when unreadable; such a pod fails validation anyway). */
export function quantityValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))([eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$/.exec(value.trim());
  if (!match) return Number.NaN;
  const [, digits = '', suffix = ''] = match;
  const scale = SUFFIX[suffix] ?? (/^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : Number.NaN);
  return Number(digits) * scale;
}

function sameAmount(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

export function podQosClass(spec: Json): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const container of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
    const resources = asRecord(container.resources);
    const limited = new Set<string>();
    for (const [list, sums] of [
      ['requests', requests],
      ['limits', limits],
    ] as const) {
      const amounts = asRecord(resources?.[list]) ?? {};
      for (const name of COMPUTE) {
        const amount = quantityValue(amounts[name]);
        if (!(amount > 0)) continue;
        sums.set(name, (sums.get(name) ?? 0) + amount);
        if (list === 'limits') limited.add(name);
      }
    }
    if (!COMPUTE.every((name) => limited.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (limit === undefined || !sameAmount(limit, request)) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
