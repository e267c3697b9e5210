/** The RBAC source lists the store only when its revision moved, and keeps the snapshot object while RBAC is unchanged. */
import { registry } from '@hs/resources';
import { createMemoryDriver, createStorage, type Storage } from '@hs/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storageRbacSource } from './rbac-source.js';

let storage: Storage;
let lists: number;

beforeEach(async () => {
  const inner = await createStorage({ driver: createMemoryDriver(), registry });
  lists = 0;
  storage = {
    for: (def) =>
      new Proxy(inner.for(def), {
        get(target, prop) {
          if (prop === 'list') {
            return (options: Parameters<typeof target.list>[0]) => {
              lists++;
              return target.list(options);
            };
          }
          const value: unknown = Reflect.get(target, prop);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    currentResourceVersion: () => inner.currentResourceVersion(),
    namespacesInUse: () => inner.namespacesInUse(),
    namespaceInUseSince: (ns) => inner.namespaceInUseSince(ns),
    health: () => inner.health(),
    close: () => inner.close(),
  };
});
afterEach(() => storage.close());

const def = (plural: string) => {
  const found = registry.entries.find((d) => d.plural === plural && d.group !== 'events.k8s.io');
  if (!found) throw new Error(`no ${plural} in the registry`);
  return found;
};

describe('storageRbacSource', () => {
  it('re-lists only after a write, and returns a new snapshot only when RBAC changed', async () => {
    const source = storageRbacSource(storage, registry);
    const first = await source();
    expect(first.roles).toEqual([]);
    const listed = lists;
    expect(listed).toBe(4);
    expect(await source()).toBe(first);
    expect(lists).toBe(listed);

    await storage
      .for(def('configmaps'))
      .create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } });
    expect(await source()).toBe(first);
    expect(lists).toBe(listed + 4);

    await storage.for(def('roles')).create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'x' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    });
    const changed = await source();
    expect(changed).not.toBe(first);
    expect(changed.roles.map((r) => r.metadata.name)).toEqual(['r']);
  });
});
