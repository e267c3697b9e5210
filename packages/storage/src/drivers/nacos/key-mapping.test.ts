import { isStorageError } from '@hs/apimachinery';
import { describe, expect, it } from 'vitest';
import { toAddress, toKey } from './key-mapping.js';

describe('storage keys ↔ Nacos addresses (higress-standalone layout)', () => {
  it.each([
    ['configmaps/higress-system/higress-config', 'higress-system', 'configmaps.higress-config'],
    ['ingressclasses/higress', '_cluster', 'ingressclasses.higress'],
    ['clusterroles/system:controller', '_cluster', 'clusterroles.system:controller'],
    ['secrets/default/tls.example.com', 'default', 'secrets.tls.example.com'],
  ])('%s → group %s, dataId %s and back', (key, group, dataId) => {
    expect(toAddress(key)).toEqual({ group, dataId });
    expect(toKey(group, dataId)).toBe(key);
  });

  it('rejects keys Nacos cannot hold or that would escape the layout, with InvalidObject', () => {
    for (const bad of [
      'configmaps',
      'a/b/c/d',
      'configmaps//x',
      'configmaps/../x',
      'config.maps/x',
      'configmaps/a b',
      `configmaps/${'n'.repeat(250)}`,
    ]) {
      let err: unknown;
      try {
        toAddress(bad);
      } catch (e) {
        err = e;
      }
      expect(isStorageError(err, 'InvalidObject'), bad).toBe(true);
    }
  });

  it('does not mistake driver records or higress-standalone indexes for objects', () => {
    expect(toKey('_kv', 'kv.log')).toBeUndefined();
    expect(toKey('DEFAULT_GROUP', 'configmaps.__names__')).toBeUndefined();
    expect(toKey('default', 'noplural')).toBeUndefined();
  });
});
