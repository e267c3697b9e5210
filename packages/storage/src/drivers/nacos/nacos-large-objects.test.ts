/**
 * Objects larger than one Nacos entry holds (stored-value.ts): up to kube-apiserver's 1.5 MiB
 * object limit they are stored in parts, read back byte-identical by every replica and by a fresh
 * start, and watched; what fits one entry keeps higress-standalone's layout; over the limit nothing
 * is written. Runs on the Nacos test server and, in the real-nacos project, on a real Nacos.
 */
import { randomBytes } from 'node:crypto';
import { isStorageError } from '@hs/apimachinery';
import { NacosClient, searchConfigs } from '@hs/nacos-client';
import type { NacosTarget } from '@hs/nacos-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, eventually } from '../../testing/index.js';
import { driverOn, startTarget } from '../../testing/test-helpers/nacos-driver.js';
import { KV_GROUP } from './key-mapping.js';
import { MAX_VALUE_BYTES, type NacosDriver } from './nacos-driver.js';
import { MANIFEST_MARKER } from './stored-value.js';

let target: NacosTarget;
const drivers: NacosDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await target.close();
});

async function replica(): Promise<NacosDriver> {
  const d = driverOn(target);
  drivers.push(d);
  await d.start();
  return d;
}

async function raw(): Promise<NacosClient> {
  const client = new NacosClient({
    serverUrl: target.url,
    username: target.username,
    password: target.password,
  });
  await client.connect();
  return client;
}

/**
 * A ConfigMap-like YAML value of about `bytes` bytes that neither compresses nor form-encodes
 * cheaply: random base64 broken by characters that take 3 to 12 bytes each in a form body.
 */
function bigValue(name: string, rev: number, bytes: number): string {
  const head = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  resourceVersion: "${rev}"\ndata:\n  blob: |\n`;
  const lines: string[] = [];
  let size = Buffer.byteLength(head);
  while (size < bytes - 200) {
    const line = `    ${randomBytes(48).toString('base64')}: é€😀 /+=\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return head + lines.join('');
}

const parts = async (client: NacosClient) => {
  const found: string[] = [];
  for await (const item of searchConfigs(client, { tenant: target.tenant, group: KV_GROUP })) {
    if (item.key.dataId.startsWith('part.')) found.push(item.key.dataId);
  }
  return found;
};

describe('objects larger than one Nacos entry', () => {
  it('stores a 1.5 MiB object in parts: byte-identical through the writer, a follower, its watch and a fresh start', async () => {
    target = await startTarget();
    const a = await replica();
    const b = await replica();
    const onB = collect(b, b.currentRevision());
    const key = 'configmaps/default/big';
    const created = await a.create(key, (rev) => bigValue('big', rev, MAX_VALUE_BYTES));
    expect(Buffer.byteLength(created.value)).toBeGreaterThan(MAX_VALUE_BYTES - 300);
    expect(Buffer.byteLength(created.value)).toBeLessThanOrEqual(MAX_VALUE_BYTES);
    await eventually(() => onB.events.length >= 1, 'the create on the follower', 60_000);
    expect(onB.events[0]?.type).toBe('create');
    expect(onB.events[0]?.kv.value === created.value).toBe(true);
    expect((await b.get(key))?.value === created.value).toBe(true);
    // In Nacos the object's entry is a manifest; its parts are all there.
    const client = await raw();
    const entry = await client.getDetail({
      tenant: target.tenant,
      group: 'default',
      dataId: 'configmaps.big',
    });
    expect(entry?.content.startsWith(MANIFEST_MARKER)).toBe(true);
    expect((await parts(client)).length).toBeGreaterThanOrEqual(1);

    // Updated (a follower forwards it), watched, then read by a replica that starts afresh.
    const updated = await b.update(key, created.revision, (rev) =>
      bigValue('big', rev, MAX_VALUE_BYTES - 1000),
    );
    await eventually(() => onB.events.length >= 2, 'the update on the follower', 60_000);
    expect(onB.events[1]?.type).toBe('update');
    expect(onB.events[1]?.kv.value === updated.value).toBe(true);
    // A driver's get reads its own replica's state: on a loaded machine the lease may have moved
    // to b, and a then applies the update when it follows the log.
    const deadline = Date.now() + 60_000;
    while ((await a.get(key))?.value !== updated.value && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect((await a.get(key))?.value === updated.value).toBe(true);
    const c = await replica();
    expect((await c.get(key))?.value === updated.value).toBe(true);
    expect((await c.get(key))?.revision).toBe(updated.revision);

    // Shrunk to fit one entry: higress-standalone's layout again, and no part is left behind.
    const small = await a.update(key, updated.revision, (rev) => bigValue('big', rev, 2000));
    const stored = await client.getDetail({
      tenant: target.tenant,
      group: 'default',
      dataId: 'configmaps.big',
    });
    expect(stored?.content === small.value).toBe(true);
    await eventually(() => onB.events.length >= 3, 'the shrink on the follower', 60_000);
    expect(onB.events[2]?.kv.value === small.value).toBe(true);
    expect(await parts(client)).toEqual([]);
    onB.unsubscribe();
  });

  it('keeps an index checkpoint larger than one entry in parts, starts a replica from it and drops the old parts', async () => {
    target = await startTarget();
    // A small entry limit and frequent checkpoints: the index of 60 keys needs several entries.
    const small = { entryMaxBytes: 1024, logMaxEntries: 8, logRetain: 4, inlineRecent: 2 };
    const a = driverOn(target, small);
    drivers.push(a);
    await a.start();
    const written = new Map<string, string>();
    for (let i = 0; i < 60; i++) {
      const key = `configmaps/default/c${String(i).padStart(3, '0')}`;
      written.set(
        key,
        (
          await a.create(
            key,
            (rev) =>
              `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  resourceVersion: "${rev}"\n`,
          )
        ).value,
      );
    }
    const client = await raw();
    const index = await client.getDetail({ tenant: target.tenant, group: KV_GROUP, dataId: 'kv.index' });
    expect(index?.content.startsWith(MANIFEST_MARKER)).toBe(true);
    // Parts of replaced checkpoints are gone: what is left is the live index's parts.
    const manifest = JSON.parse(index!.content.slice(MANIFEST_MARKER.length)) as { parts: string[] };
    expect((await parts(client)).sort()).toEqual([...manifest.parts].sort());
    // A replica started now reads the index from its parts (the log no longer reaches back).
    const b = driverOn(target, small);
    drivers.push(b);
    await b.start();
    const listed = await b.list('configmaps/');
    expect(new Map(listed.kvs.map((kv) => [kv.key, kv.value]))).toEqual(written);
  });

  it('deletes a large object with its parts', async () => {
    target = await startTarget();
    const a = await replica();
    const key = 'configmaps/default/gone';
    const kv = await a.create(key, (rev) => bigValue('gone', rev, 1_200_000));
    expect((await parts(await raw())).length).toBeGreaterThanOrEqual(1);
    await a.delete(key, kv.revision);
    expect(await a.get(key)).toBeUndefined();
    expect(await parts(await raw())).toEqual([]);
  });

  it('refuses an object over 1.5 MiB with TooLarge and writes nothing', async () => {
    target = await startTarget();
    const a = await replica();
    const before = a.currentRevision();
    const err = await a
      .create('configmaps/default/huge', (rev) => bigValue('huge', rev, MAX_VALUE_BYTES + 4096))
      .catch((e: unknown) => e);
    expect(isStorageError(err, 'TooLarge')).toBe(true);
    expect((err as Error).message).toMatch(/the stored object is \d+ bytes, limit is 1572864/);
    expect(await a.get('configmaps/default/huge')).toBeUndefined();
    const client = await raw();
    expect(
      await client.getDetail({ tenant: target.tenant, group: 'default', dataId: 'configmaps.huge' }),
    ).toBe(undefined);
    expect(await parts(client)).toEqual([]);
    // The store still works and the refused write left no revision behind in the log.
    const ok = await a.create('configmaps/default/after', (rev) => bigValue('after', rev, 1000));
    expect(ok.revision).toBeGreaterThan(before);
  });

  it('the limit worked around is Nacos own: a publish over 2 MiB of form body is refused', async () => {
    target = await startTarget();
    const content = 'x'.repeat(2 * 1024 * 1024 + 1024);
    const key = { tenant: target.tenant, group: 'default', dataId: 'configmaps.raw' };
    const client = await raw();
    await expect(client.publish(key, content)).rejects.toThrow(/Required parameter 'dataId' is not present/);
    expect(await client.getDetail(key)).toBeUndefined();
  });
});
