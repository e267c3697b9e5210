/**
 * Storage keys ↔ Nacos addresses, keeping higress-standalone's layout (nacos_rest.go: tenant =
 * --nacos-ns-id, group = Kubernetes namespace, dataId = `<plural>.<name>`), so an existing
 * installation's data is read as is. Cluster-scoped objects live in group `_cluster` and the
 * driver's own records in group `_kv`: `_` is not valid in a Kubernetes namespace, so neither can
 * collide with a real namespace.
 */
import { StorageError } from '@hs/apimachinery';

export const CLUSTER_GROUP = '_cluster';
export const KV_GROUP = '_kv';
export const LOG_DATA_ID = 'kv.log';
export const INDEX_DATA_ID = 'kv.index';
export const LEASE_DATA_ID = 'kv.leader';

const VALID_ID = /^[\p{L}\p{N}_\-.:]+$/u;

export interface NacosAddress {
  group: string;
  dataId: string;
}

/** Maps `<plural>/<ns>/<name>` or `<plural>/<name>`; throws InvalidObject for keys Nacos cannot hold. */
export function toAddress(key: string): NacosAddress {
  const segments = key.split('/');
  const bad =
    segments.length < 2 ||
    segments.length > 3 ||
    segments.some((s) => s === '' || s === '.' || s === '..' || !VALID_ID.test(s)) ||
    segments[0]!.includes('.');
  if (bad) throw new StorageError('InvalidObject', key, `invalid storage key ${JSON.stringify(key)}`);
  const [plural, a, b] = segments as [string, string, string | undefined];
  const address =
    b === undefined
      ? { group: CLUSTER_GROUP, dataId: `${plural}.${a}` }
      : { group: a, dataId: `${plural}.${b}` };
  if (address.dataId.length > 255 || address.group.length > 128) {
    throw new StorageError(
      'InvalidObject',
      key,
      `storage key ${key} is too long for Nacos (dataId ≤ 255, group ≤ 128)`,
    );
  }
  return address;
}

/** The storage key of a Nacos config, or undefined for configs that are not objects (`_kv`, `__names__`, …). */
export function toKey(group: string, dataId: string): string | undefined {
  if (group === KV_GROUP || group === 'DEFAULT_GROUP') return undefined;
  const dot = dataId.indexOf('.');
  if (dot <= 0 || dot === dataId.length - 1) return undefined;
  const plural = dataId.slice(0, dot);
  const name = dataId.slice(dot + 1);
  if (name.startsWith('__') || name.includes('/')) return undefined;
  return group === CLUSTER_GROUP ? `${plural}/${name}` : `${plural}/${group}/${name}`;
}
