/**
 * The local value cache (`cacheDir`): a restart reuses the values whose md5 Nacos still lists and
 * reads only the rest, so on 3.x (lists without content) it costs one read per changed object
 * instead of one per object. A value changed in Nacos behind the cache's back is read afresh; a
 * damaged cache is reported and ignored. Runs on the test server in 3.1 mode (or a real Nacos).
 */
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NacosClient } from '@hs/nacos-client';
import type { NacosTarget } from '@hs/nacos-client/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { driverOn, startTarget } from '../../testing/test-helpers/nacos-driver.js';
import type { NacosDriver } from './nacos-driver.js';
import { cacheFile, readValueCache } from './value-cache.js';

const OBJECTS = 40;
let target: NacosTarget;
let dir: string;
const drivers: NacosDriver[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nacos-cache-'));
  target = await startTarget({ mode: '3.1' });
});
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await target.close();
  await rm(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const keyOf = (i: number) => `configmaps/default/cm-${i}`;
const value = (i: number, rev: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  resourceVersion: "${rev}"\ndata:\n  i: "${i}"\n`;

/** A driver with the cache whose per-object database reads (outside the `_kv` group) are counted. */
function cachedReplica(): { driver: NacosDriver; objectReads: () => number } {
  let reads = 0;
  const counting: typeof fetch = (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const group = url.searchParams.get('groupName') ?? url.searchParams.get('group');
    if (url.searchParams.has('dataId') && url.searchParams.get('dataId') && group && !group.startsWith('_'))
      reads++;
    return fetch(input, init);
  };
  const client = new NacosClient({
    serverUrl: target.url,
    username: target.username,
    password: target.password,
    fetch: counting,
  });
  const driver = driverOn(target, { client, cacheDir: dir });
  drivers.push(driver);
  return { driver, objectReads: () => reads };
}

async function seed(): Promise<Map<string, string>> {
  const { driver } = cachedReplica();
  await driver.start();
  const values = new Map<string, string>();
  for (let i = 0; i < OBJECTS; i++)
    values.set(keyOf(i), (await driver.create(keyOf(i), (r) => value(i, r))).value);
  await drivers.pop()?.close();
  return values;
}

async function expectHolds(driver: NacosDriver, values: Map<string, string>): Promise<void> {
  for (const [key, v] of values) expect((await driver.get(key))?.value).toBe(v);
  expect((await driver.list('configmaps/')).kvs).toHaveLength(values.size);
}

describe('the Nacos value cache', () => {
  it('is written on close and lets a restart read only what changed in Nacos', async () => {
    const values = await seed();
    const cached = await readValueCache(dir, target.tenant);
    expect(cached.problem).toBeUndefined();
    expect(cached.values?.size).toBe(OBJECTS);

    // Changed behind the cache's back (a hand edit in the console): read afresh, then adopted.
    const raw = new NacosClient({
      serverUrl: target.url,
      username: target.username,
      password: target.password,
    });
    await raw.connect();
    const edited = value(7, 0).replace('i: "7"', 'i: "edited"');
    await raw.publish({ tenant: target.tenant, group: 'default', dataId: 'configmaps.cm-7' }, edited);

    const { driver, objectReads } = cachedReplica();
    await driver.start();
    const after = await driver.get(keyOf(7));
    expect(after?.value).toContain('i: "edited"');
    values.set(keyOf(7), after?.value ?? '');
    await expectHolds(driver, values);
    // 3.x lists carry no content: without the cache this start reads every object.
    if (!raw.api.v1Console) expect(objectReads()).toBeLessThanOrEqual(3);
  });

  it('ignores a damaged cache, says so, and reads everything from Nacos', async () => {
    const values = await seed();
    await truncate(
      cacheFile(dir, target.tenant),
      (await readFile(cacheFile(dir, target.tenant))).length - 20,
    );
    const complaints = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { driver } = cachedReplica();
    await driver.start();
    await expectHolds(driver, values);
    expect(complaints.mock.calls.flat().join('\n')).toMatch(/ignoring the Nacos value cache: .*damaged/);
  });

  it('is only a hint: writes made after it was saved win', async () => {
    const values = await seed();
    // Another replica, without the cache, updates one object and deletes another.
    const other = driverOn(target);
    drivers.push(other);
    await other.start();
    const old = await other.get(keyOf(3));
    const updated = await other.update(keyOf(3), old?.revision ?? 0, (r) =>
      value(3, r).replace('"3"', '"three"'),
    );
    await other.delete(keyOf(4));
    await drivers.pop()?.close();
    values.set(keyOf(3), updated.value);
    values.delete(keyOf(4));

    const { driver } = cachedReplica();
    await driver.start();
    await expectHolds(driver, values);
    expect(await driver.get(keyOf(4))).toBeUndefined();
  });

  it('reports a file of another tenant or format as unusable, and no file as no cache', async () => {
    expect(await readValueCache(dir, target.tenant)).toEqual({});
    await writeFile(
      cacheFile(dir, target.tenant),
      '{"format":1,"tenant":"other","revision":1}\n{"count":0,"sha256":"x"}\n',
    );
    expect((await readValueCache(dir, target.tenant)).problem).toMatch(/not a format-1 cache of tenant/);
    await writeFile(cacheFile(dir, target.tenant), 'not json\n');
    expect((await readValueCache(dir, target.tenant)).problem).toMatch(/incomplete or damaged/);
  });
});
