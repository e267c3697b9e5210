import type { ValueTransformer } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../store-types.js';
import { widget } from './definitions.js';
import type { MakeDriver } from './helpers.js';
import { rejection, storageErrorCode, useStorage } from './store-fixture.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function withReplicas(replicas: number) {
  return (current: KubeObject | undefined): KubeObject => ({
    ...current!,
    spec: { ...(current!.spec as object), replicas },
  });
}

/** Create, update, delete semantics of the resource store (store-types.ts ResourceStore). */
export function runStoreWriteConformance(name: string, makeDriver: MakeDriver) {
  describe(`store conformance (writes): ${name}`, () => {
    const open = useStorage(makeDriver);

    it('fills uid, creationTimestamp, generation and the global resourceVersion on create', async () => {
      const { storage, widgets, gadgets } = await open({ now: () => new Date('2026-01-02T03:04:05.678Z') });
      const a = await widgets.create(widget('a'));
      expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.metadata.creationTimestamp).toBe('2026-01-02T03:04:05Z');
      expect(a.metadata.generation).toBe(1);
      expect(a.metadata.resourceVersion).toBe(storage.currentResourceVersion());
      const g = await gadgets.create({
        apiVersion: 'test.hs.io/v1',
        kind: 'Gadget',
        metadata: { name: 'g' },
      });
      expect(Number(g.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
      expect(await widgets.get('default', 'a')).toEqual(a);
      expect(storage.namespacesInUse()).toEqual(['default']);
    });

    it('answers KeyExists for a duplicate and ValidationError with causes for bad objects', async () => {
      const { widgets, storage } = await open();
      await widgets.create(widget('a'));
      const rv = storage.currentResourceVersion();
      expect(await storageErrorCode(widgets.create(widget('a')))).toBe('KeyExists');
      const invalid = await rejection(widgets.create(widget('b', { replicas: -1 })));
      expect(invalid).toBeInstanceOf(ValidationError);
      expect((invalid as ValidationError).causes.map((c) => c.field)).toContain('spec.replicas');
      const noNamespace = await rejection(widgets.create({ ...widget('c'), metadata: { name: 'c' } }));
      expect((noNamespace as ValidationError).causes.map((c) => c.field)).toContain('metadata.namespace');
      const noName = await rejection(widgets.create({ ...widget('x'), metadata: { namespace: 'default' } }));
      expect((noName as ValidationError).causes.map((c) => c.field)).toContain('metadata.name');
      const slash = await rejection(widgets.create(widget('a/b')));
      expect((slash as ValidationError).causes.map((c) => c.field)).toContain('metadata.name');
      const withRv = { ...widget('d'), metadata: { name: 'd', namespace: 'default', resourceVersion: '5' } };
      expect(await storageErrorCode(widgets.create(withRv))).toBe('InvalidObject');
      expect(storage.currentResourceVersion()).toBe(rv);
    });

    it('drops the namespace of cluster-scoped objects', async () => {
      const { gadgets } = await open();
      const g = await gadgets.create({
        apiVersion: 'test.hs.io/v1',
        kind: 'Gadget',
        metadata: { name: 'g', namespace: 'x' },
      });
      expect(g.metadata.namespace).toBeUndefined();
      expect((await gadgets.get(undefined, 'g')).metadata.uid).toBe(g.metadata.uid);
    });

    it('resolves generateName with a 5-character suffix from the upstream alphabet', async () => {
      const { widgets } = await open();
      const names = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const obj = await widgets.create({
          ...widget(''),
          metadata: { generateName: 'web-', namespace: 'default' },
        });
        expect(obj.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
        expect(obj.metadata.creationTimestamp).toMatch(RFC3339);
        names.add(obj.metadata.name!);
      }
      expect(names.size).toBe(20);
      expect((await widgets.list({})).items).toHaveLength(20);
    });

    it('bumps generation only for changes outside metadata and status', async () => {
      const { widgets } = await open();
      const a = await widgets.create(widget('a'));
      const labelled = await widgets.update('default', 'a', (cur) => ({
        ...cur!,
        metadata: { ...cur!.metadata, labels: { x: 'y' } },
        status: { ready: true },
      }));
      expect(labelled.object.metadata.generation).toBe(1);
      expect(Number(labelled.object.metadata.resourceVersion)).toBeGreaterThan(
        Number(a.metadata.resourceVersion),
      );
      const scaled = await widgets.update('default', 'a', withReplicas(3));
      expect(scaled.object.metadata.generation).toBe(2);
      expect(scaled.object.metadata.uid).toBe(a.metadata.uid);
      expect(scaled.object.metadata.creationTimestamp).toBe(a.metadata.creationTimestamp);
    });

    it('writes nothing for a no-op update', async () => {
      const { widgets, storage } = await open();
      const a = await widgets.create(widget('a'));
      const same = await widgets.update('default', 'a', (cur) => cur!);
      expect(same.object).toEqual(a);
      expect(same.created).toBe(false);
      expect(storage.currentResourceVersion()).toBe(a.metadata.resourceVersion);
    });

    it('keeps server-managed metadata whatever the update says', async () => {
      const { widgets } = await open();
      const a = await widgets.create(widget('a'));
      const { object } = await widgets.update('default', 'a', (cur) => ({
        ...cur!,
        metadata: {
          ...cur!.metadata,
          uid: 'forged',
          creationTimestamp: '2000-01-01T00:00:00Z',
          generation: 99,
        },
      }));
      expect(object.metadata.uid).toBe(a.metadata.uid);
      expect(object.metadata.creationTimestamp).toBe(a.metadata.creationTimestamp);
      expect(object.metadata.generation).toBe(1);
    });

    it('answers Conflict for a stale resourceVersion and retries lost races otherwise', async () => {
      const { widgets } = await open();
      const a = await widgets.create(widget('a', { replicas: 0 }));
      await widgets.update('default', 'a', withReplicas(1));
      expect(
        await storageErrorCode(widgets.update('default', 'a', () => ({ ...a, spec: { replicas: 7 } }))),
      ).toBe('Conflict');
      await Promise.all(
        Array.from({ length: 10 }, () =>
          widgets.update('default', 'a', async (cur) => {
            await new Promise((resolve) => setImmediate(resolve));
            const replicas = (cur!.spec as { replicas: number }).replicas;
            return { ...cur!, spec: { replicas: replicas + 1 } };
          }),
        ),
      );
      expect((await widgets.get('default', 'a')).spec).toEqual({ replicas: 11 });
    });

    it('answers KeyNotFound for updates of missing objects unless allowCreate', async () => {
      const { widgets } = await open();
      expect(await storageErrorCode(widgets.update('default', 'a', () => widget('a')))).toBe('KeyNotFound');
      const made = await widgets.update('default', 'a', () => widget('a'), { allowCreate: true });
      expect(made.created).toBe(true);
      expect(made.object.metadata.generation).toBe(1);
    });

    it('honours uid and resourceVersion preconditions on update and delete', async () => {
      const { widgets } = await open();
      const a = await widgets.create(widget('a'));
      const badUid = { preconditions: { uid: 'other' } };
      expect(await storageErrorCode(widgets.update('default', 'a', withReplicas(2), badUid))).toBe(
        'Conflict',
      );
      expect(await storageErrorCode(widgets.delete('default', 'a', badUid))).toBe('Conflict');
      const badRv = { preconditions: { resourceVersion: '999' } };
      expect(await storageErrorCode(widgets.delete('default', 'a', badRv))).toBe('Conflict');
      const ok = { preconditions: { uid: a.metadata.uid, resourceVersion: a.metadata.resourceVersion } };
      const { deleted } = await widgets.delete('default', 'a', ok);
      expect(deleted).toBe(true);
    });

    it('deletes, returning the last state at the delete revision', async () => {
      const { widgets, storage } = await open();
      const a = await widgets.create(widget('a'));
      const { object, deleted } = await widgets.delete('default', 'a');
      expect(deleted).toBe(true);
      expect(object.metadata.uid).toBe(a.metadata.uid);
      expect(object.metadata.resourceVersion).toBe(storage.currentResourceVersion());
      expect(Number(object.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
      expect(await storageErrorCode(widgets.get('default', 'a'))).toBe('KeyNotFound');
      expect(await storageErrorCode(widgets.delete('default', 'a'))).toBe('KeyNotFound');
      expect(storage.namespacesInUse()).toEqual([]);
    });

    it('marks objects with finalizers as deleting and removes them once the finalizers are gone', async () => {
      const { widgets } = await open({ now: () => new Date('2026-05-06T07:08:09Z') });
      await widgets.create({
        ...widget('a'),
        metadata: { name: 'a', namespace: 'default', finalizers: ['x/y'] },
      });
      const first = await widgets.delete('default', 'a');
      expect(first.deleted).toBe(false);
      expect(first.object.metadata.deletionTimestamp).toBe('2026-05-06T07:08:09Z');
      const again = await widgets.delete('default', 'a');
      expect(again.object.metadata.resourceVersion).toBe(first.object.metadata.resourceVersion);
      const adding = await rejection(
        widgets.update('default', 'a', (cur) => ({
          ...cur!,
          metadata: { ...cur!.metadata, finalizers: ['x/y', 'new/one'] },
        })),
      );
      expect(adding).toBeInstanceOf(ValidationError);
      await widgets.update('default', 'a', (cur) => ({
        ...cur!,
        metadata: { ...cur!.metadata, finalizers: [] },
      }));
      expect(await storageErrorCode(widgets.get('default', 'a'))).toBe('KeyNotFound');
    });

    it('computes dry-run writes without persisting them', async () => {
      const { widgets, storage } = await open();
      const start = storage.currentResourceVersion();
      const dry = await widgets.create(widget('a'), { dryRun: true });
      expect(dry.metadata.uid).toBeTruthy();
      expect(storage.currentResourceVersion()).toBe(start);
      expect(await storageErrorCode(widgets.get('default', 'a'))).toBe('KeyNotFound');
      const a = await widgets.create(widget('a'));
      const rv = storage.currentResourceVersion();
      const updated = await widgets.update('default', 'a', withReplicas(5), { dryRun: true });
      expect(updated.object.spec).toEqual({ replicas: 5 });
      const removed = await widgets.delete('default', 'a', { dryRun: true });
      expect(removed.deleted).toBe(true);
      expect(storage.currentResourceVersion()).toBe(rv);
      expect(await widgets.get('default', 'a')).toEqual(a);
      expect(await storageErrorCode(widgets.create(widget('a'), { dryRun: true }))).toBe('KeyExists');
    });

    it('passes encryptAtRest kinds through the transformer and rewrites stale values on update', async () => {
      const transformer: ValueTransformer = {
        toStorage: (plain, key) => `new:${key}:${Buffer.from(plain).toString('base64')}`,
        fromStorage: (stored, key) => {
          const [version, boundKey, data] = stored.split(':');
          if (boundKey !== key) throw new Error('value bound to another key');
          return { plaintext: Buffer.from(data ?? '', 'base64').toString(), stale: version !== 'new' };
        },
      };
      const { vaults, widgets, driver } = await open({ transformer });
      const v = await vaults.create({ ...widget('s'), kind: 'Vault' });
      const raw = await driver.get('vaults/default/s');
      expect(raw?.value.startsWith('new:vaults/default/s:')).toBe(true);
      expect(await vaults.get('default', 's')).toEqual(v);
      await widgets.create(widget('plain'));
      expect((await driver.get('widgets/default/plain'))?.value).toContain('plain');
      const legacy = raw!.value.replace(/^new:/, 'old:');
      await driver.update('vaults/default/s', raw!.revision, () => legacy);
      const before = await vaults.get('default', 's');
      const rewritten = await vaults.update('default', 's', (cur) => cur!);
      expect(Number(rewritten.object.metadata.resourceVersion)).toBeGreaterThan(
        Number(before.metadata.resourceVersion),
      );
      expect((await driver.get('vaults/default/s'))?.value.startsWith('new:')).toBe(true);
    });

    it('takes name and namespace from the key of a value written outside the store', async () => {
      const { widgets, driver } = await open();
      const foreign = JSON.stringify({
        metadata: { name: 'other', namespace: 'elsewhere' },
        spec: { replicas: 2 },
      });
      const kv = await driver.create('widgets/default/real', () => foreign);
      const obj = await widgets.get('default', 'real');
      expect(obj.metadata).toEqual({
        name: 'real',
        namespace: 'default',
        resourceVersion: String(kv.revision),
      });
      expect([obj.apiVersion, obj.kind]).toEqual(['test.hs.io/v1', 'Widget']);
      await driver.create('widgets/flat', () => foreign);
      const err = await rejection(widgets.list({}));
      expect(err).toMatchObject({ code: 'Corrupt', key: 'widgets/flat' });
    });

    it('surfaces an undecodable stored value as Corrupt instead of skipping it', async () => {
      const { widgets, driver } = await open();
      await widgets.create(widget('good'));
      await driver.create('widgets/default/bad', () => 'metadata: [unbalanced');
      expect(await storageErrorCode(widgets.get('default', 'bad'))).toBe('Corrupt');
      expect(await storageErrorCode(widgets.list({}))).toBe('Corrupt');
      expect((await widgets.get('default', 'good')).metadata.name).toBe('good');
    });
  });
}
