import { isStorageError, type StorageError } from '@hs/apimachinery';
import { NacosClient } from '@hs/nacos-client';
import { type NacosTarget, type NacosVersionMode, PausableProxy } from '@hs/nacos-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { DriverEvent, KeyValue } from '../../driver.js';
import { collect, eventually, objectValue } from '../../testing/index.js';
import { driverOn, startTarget } from '../../testing/test-helpers/nacos-driver.js';
import type { NacosDriver } from './nacos-driver.js';

let target: NacosTarget;
const drivers: NacosDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await target.close();
});

async function replica(options: Parameters<typeof driverOn>[1] = {}): Promise<NacosDriver> {
  const d = driverOn(target, options);
  drivers.push(d);
  await d.start();
  return d;
}

const summary = (events: DriverEvent[]) => events.map((e) => `${e.type} ${e.kv.key} ${e.revision}`);

describe('two replicas on one Nacos', () => {
  const modes: NacosVersionMode[] = process.env.NACOS_TEST_URL ? ['2.5'] : ['2.5', '3.1', '3.2'];
  it.each(modes)(
    '%s: a subscriber on one sees writes made through the other, in order with the same revisions',
    async (mode) => {
      target = await startTarget({ mode });
      const a = await replica();
      const b = await replica();
      expect(a.lease.holding).toBe(true);
      expect(b.lease.holding).toBe(false);
      const onA = collect(a, a.currentRevision());
      const onB = collect(b, b.currentRevision());
      const written: string[] = [];
      const x = await a.create('configmaps/default/x', (rev) => objectValue('x', rev));
      written.push(`create configmaps/default/x ${x.revision}`);
      const y = await b.create('ingressclasses/y', (rev) => objectValue('y', rev));
      written.push(`create ingressclasses/y ${y.revision}`);
      const x2 = await a.update('configmaps/default/x', x.revision, (rev) => objectValue('x', rev, 'two'));
      written.push(`update configmaps/default/x ${x2.revision}`);
      const gone = await b.delete('ingressclasses/y', y.revision);
      written.push(`delete ingressclasses/y ${gone.revision}`);
      await eventually(
        () => onA.events.length >= 4 && onB.events.length >= 4,
        'four events on both replicas',
      );
      expect(summary(onA.events)).toEqual(written);
      expect(summary(onB.events)).toEqual(written);
      expect(onB.events[2]).toEqual(onA.events[2]);
      // A forwarded write is visible on the replica that took it once it resolves (read-your-writes).
      expect(await b.get('configmaps/default/x')).toEqual(x2);
      expect((await b.list('')).kvs).toEqual((await a.list('')).kvs);
    },
  );

  it('concurrent updates of one key through both replicas: exactly one wins, the other gets Conflict', async () => {
    target = await startTarget();
    const a = await replica();
    const b = await replica();
    const k = await a.create('configmaps/default/k', (rev) => objectValue('k', rev));
    await b.state.whenApplied(k.revision, 5000);
    const results = await Promise.allSettled([
      a.update('configmaps/default/k', k.revision, (rev) => objectValue('k', rev, 'from-a')),
      b.update('configmaps/default/k', k.revision, (rev) => objectValue('k', rev, 'from-b')),
    ]);
    const won = results.filter((r): r is PromiseFulfilledResult<KeyValue> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(isStorageError(lost[0]!.reason, 'Conflict')).toBe(true);
    await eventually(() => b.currentRevision() >= won[0]!.value.revision, 'b catching up');
    expect(await a.get('configmaps/default/k')).toEqual(won[0]!.value);
    expect(await b.get('configmaps/default/k')).toEqual(won[0]!.value);
  });

  it('a replica started after the log was compacted loads the index checkpoint and follows on', async () => {
    target = await startTarget();
    const a = await replica({ logMaxEntries: 8, logRetain: 4, inlineRecent: 2 });
    let kv = await a.create('configmaps/default/n', (rev) => objectValue('n', rev));
    const other = await a.create('ingressclasses/keep', (rev) => objectValue('keep', rev));
    for (let i = 0; i < 25; i++)
      kv = await a.update(kv.key, kv.revision, (rev) => objectValue('n', rev, String(i)));
    const gone = await a.create('configmaps/default/gone', (rev) => objectValue('gone', rev));
    await a.delete(gone.key);
    const nacos = new NacosClient({
      serverUrl: target.url,
      username: target.username,
      password: target.password,
    });
    await nacos.connect();
    const log = await nacos.getDetail({ tenant: target.tenant, group: '_kv', dataId: 'kv.log' });
    expect(log!.content.split('\n').length).toBeLessThanOrEqual(1 + 8 + 1);
    const b = await replica();
    expect((await b.list('')).kvs).toEqual([kv, other]);
    expect(b.currentRevision()).toBe(a.currentRevision());
    expect(() => b.subscribe(other.revision, () => {})).toThrowError(
      expect.objectContaining({ code: 'Compacted' }),
    );
    const onB = collect(b, b.currentRevision());
    const next = await a.update(kv.key, kv.revision, (rev) => objectValue('n', rev, 'next'));
    await eventually(() => onB.events.length >= 1, 'the next update on b');
    expect(onB.events[0]).toEqual({ type: 'update', revision: next.revision, kv: next, prev: kv });
  });

  it('bad values are refused with InvalidObject and store nothing, also when forwarded', async () => {
    target = await startTarget();
    const a = await replica();
    const b = await replica();
    for (const d of [a, b]) {
      for (const bad of ['', '  \n', 'name: \ud800']) {
        const err = await d.create('configmaps/default/bad', () => bad).catch((e: unknown) => e);
        expect(isStorageError(err, 'InvalidObject'), JSON.stringify(bad)).toBe(true);
      }
    }
    const thrown = await b
      .create('configmaps/default/bad', () => {
        throw new Error('cannot encode');
      })
      .catch((e: unknown) => e);
    expect((thrown as Error).message).toBe('cannot encode');
    const good = await a.create('configmaps/default/good', (rev) => objectValue('good', rev));
    expect(await a.get('configmaps/default/bad')).toBeUndefined();
    expect((await a.list('')).kvs).toEqual([good]);
  });

  it('a follower without forwarding answers NotLeader with a retry hint', async () => {
    target = await startTarget();
    await replica();
    const b = await replica({ forward: undefined });
    const err = await b
      .create('configmaps/default/z', (rev) => objectValue('z', rev))
      .catch((e: unknown) => e);
    expect(isStorageError(err, 'NotLeader')).toBe(true);
    expect((err as StorageError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await b.get('configmaps/default/z')).toBeUndefined();
  });

  it('a leader fenced by a log write Nacos took without answering gives the lease up, and writes resume', async () => {
    target = await startTarget();
    const a = await replica({ leaseTtlMs: 1500 });
    const b = await replica({ leaseTtlMs: 1500 });
    await a.create('configmaps/default/f1', (rev) => objectValue('f1', rev));
    // The log as a publish that Nacos applied but never acknowledged leaves it: the same meaning
    // under another md5 than the leader last wrote (its header's keys in another order).
    const nacos = new NacosClient({
      serverUrl: target.url,
      username: target.username,
      password: target.password,
    });
    await nacos.connect();
    const logKey = { tenant: target.tenant, group: '_kv', dataId: 'kv.log' };
    const log = (await nacos.getDetail(logKey))!;
    const [header = '', ...entries] = log.content.split('\n');
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(header)).reverse()));
    await nacos.publish(logKey, [reordered, ...entries].join('\n'), { casMd5: log.md5, type: 'text' });

    const fenced = await a
      .create('configmaps/default/f2', (rev) => objectValue('f2', rev))
      .catch((e: unknown) => e);
    expect(isStorageError(fenced, 'NotLeader')).toBe(true);
    // A replica that lost its log must not keep the lease as a follower: writes through either
    // replica are acknowledged again once one of them has taken over.
    let created: KeyValue | undefined;
    const answers: string[] = [];
    for (const deadline = Date.now() + 20_000; !created && Date.now() < deadline; ) {
      for (const [name, r] of [
        ['a', a],
        ['b', b],
      ] as const) {
        created = await r
          .create(`configmaps/default/f3-${name}`, (rev) => objectValue('f3', rev))
          .catch((e: unknown) => {
            answers.push(`${name}: ${(e as Error).message}`);
            return undefined;
          });
        if (created) break;
      }
      if (!created) await new Promise((r) => setTimeout(r, 200));
    }
    expect(created, answers.slice(-4).join('; ')).toBeDefined();
    // Both replicas converge on everything acknowledged, before and after the fencing.
    const want = ['configmaps/default/f1', created!.key];
    let seen: string[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      seen = (await b.list('')).kvs.map((kv) => kv.key);
      if (want.every((k) => seen.includes(k))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toEqual(expect.arrayContaining(want));
    expect((await a.list('')).kvs.map((kv) => kv.key)).toEqual(expect.arrayContaining(want));
  }, 40_000);

  it('when the writer dies mid-stream another replica takes over and no acknowledged write is lost', async () => {
    target = await startTarget();
    const a = await replica();
    const b = await replica();
    const onB = collect(b, b.currentRevision());
    const acked: KeyValue[] = [];
    for (let i = 0; i < 5; i++)
      acked.push(await a.create(`configmaps/default/s${i}`, (rev) => objectValue(`s${i}`, rev)));
    // Crash: stop renewing without releasing the lease, with a write in flight.
    const inFlight = a
      .create('configmaps/default/inflight', (rev) => objectValue('inflight', rev))
      .then(
        (kv) => kv,
        () => undefined,
      );
    await a.abandon();
    const landed = await inFlight;
    if (landed) acked.push(landed);
    let after: KeyValue | undefined;
    const deadline = Date.now() + 15_000;
    while (!after && Date.now() < deadline) {
      after = await b
        .create('configmaps/default/after', (rev) => objectValue('after', rev))
        .catch((err: unknown) => {
          if (!isStorageError(err, 'NotLeader') && !isStorageError(err, 'Unreachable')) throw err;
          return undefined;
        });
      if (!after) await new Promise((r) => setTimeout(r, 50));
    }
    expect(after).toBeDefined();
    expect(b.lease.holding).toBe(true);
    for (const kv of acked) {
      const now = await b.get(kv.key);
      expect(now?.value).toBe(kv.value);
      expect(now?.revision).toBe(kv.revision);
    }
    expect(after!.revision).toBeGreaterThan(Math.max(...acked.map((k) => k.revision)));
    await eventually(
      () => onB.events.some((e) => e.kv.key === 'configmaps/default/after'),
      'the new write on b',
    );
    const revisions = onB.events.map((e) => e.revision);
    expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
    for (const kv of acked)
      expect(onB.events.some((e) => e.kv.key === kv.key && e.revision === kv.revision)).toBe(true);
  });
});

describe('adopting writes made outside the store', () => {
  async function rawClient() {
    const c = new NacosClient({
      serverUrl: target.url,
      username: target.username,
      password: target.password,
    });
    await c.connect();
    return c;
  }

  it("reads and adopts data in the Go original's format and keeps undecodable values intact", async () => {
    target = await startTarget();
    const nacos = await rawClient();
    const legacy =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy\n  namespace: default\ndata:\n  a: "1"\n';
    await nacos.publish({ tenant: target.tenant, group: 'default', dataId: 'configmaps.legacy' }, legacy);
    await nacos.publish({ tenant: target.tenant, group: 'default', dataId: 'secrets.enc' }, 'enc|c2VjcmV0Cg');
    await nacos.publish(
      { tenant: target.tenant, group: 'DEFAULT_GROUP', dataId: 'configmaps.__names__' },
      'default/legacy',
    );
    const d = await replica();
    const kv = await d.get('configmaps/default/legacy');
    expect(kv).toBeDefined();
    expect(kv!.value).toContain(`resourceVersion: "${kv!.revision}"`);
    expect(kv!.value).toContain('a: "1"');
    const stored = await nacos.getDetail({
      tenant: target.tenant,
      group: 'default',
      dataId: 'configmaps.legacy',
    });
    expect(stored?.content).toBe(kv!.value);
    expect((await d.get('secrets/default/enc'))?.value).toBe('enc|c2VjcmV0Cg');
    expect((await d.list('')).kvs.map((k) => k.key)).toEqual([
      'configmaps/default/legacy',
      'secrets/default/enc',
    ]);
  });

  it('adopts console edits and deletes of known keys as events with fresh revisions', async () => {
    target = await startTarget();
    const d = await replica();
    const created = await d.create('configmaps/default/c', (rev) => objectValue('c', rev));
    const sub = collect(d, created.revision);
    const nacos = await rawClient();
    const addr = { tenant: target.tenant, group: 'default', dataId: 'configmaps.c' };
    await nacos.publish(addr, objectValue('c', 0, 'edited-in-console'));
    await eventually(() => sub.events.length >= 1, 'the adopted edit');
    const edit = sub.events[0]!;
    expect(edit.type).toBe('update');
    expect(edit.revision).toBeGreaterThan(created.revision);
    expect(edit.kv.value).toContain('edited-in-console');
    expect(edit.kv.value).toContain(`resourceVersion: "${edit.revision}"`);
    expect(edit.kv.createRevision).toBe(created.revision);
    await nacos.delete(addr);
    await eventually(() => sub.events.length >= 2, 'the adopted delete');
    expect(sub.events[1]!.type).toBe('delete');
    expect(await d.get('configmaps/default/c')).toBeUndefined();
  });
});

describe('higress-standalone announcing a create through its __names__ index', () => {
  it('the leader adopts the new object without waiting for the periodic scan', async () => {
    target = await startTarget();
    const d = await replica({ plurals: ['configmaps'], reconcileIntervalMs: 0 });
    const sub = collect(d, d.currentRevision());
    const nacos = new NacosClient({
      serverUrl: target.url,
      username: target.username,
      password: target.password,
    });
    await nacos.connect();
    const legacy = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\n  namespace: default\n';
    await nacos.publish({ tenant: target.tenant, group: 'default', dataId: 'configmaps.fresh' }, legacy);
    await nacos.publish(
      { tenant: target.tenant, group: 'DEFAULT_GROUP', dataId: 'configmaps.__names__' },
      'default/fresh',
    );
    await eventually(() => sub.events.length >= 1, 'the adopted create');
    expect(sub.events[0]?.type).toBe('create');
    expect(sub.events[0]?.kv.key).toBe('configmaps/default/fresh');
    expect(sub.events[0]?.kv.value).toContain(`resourceVersion: "${sub.events[0]?.revision}"`);
  });
});

describe('Nacos outage', () => {
  it('serves reads and subscriptions from cache, refuses writes as Unreachable, and resumes after recovery', async () => {
    target = await startTarget();
    // The outage is a paused proxy in front of Nacos (the test server or a real one).
    const { proxy, url } = await PausableProxy.for(target.url);
    const behind = { ...target, url };
    const closeTarget = target.close;
    target = {
      ...target,
      close: async () => {
        await proxy.close();
        await closeTarget();
      },
    };
    const a = driverOn(behind);
    const b = driverOn(behind);
    drivers.push(a, b);
    await a.start();
    await b.start();
    const before = await a.create('configmaps/default/o', (rev) => objectValue('o', rev));
    await b.state.whenApplied(before.revision, 5000);
    const onB = collect(b, b.currentRevision());
    await proxy.pause();
    expect(await a.get('configmaps/default/o')).toEqual(before);
    expect((await b.list('')).kvs).toEqual([before]);
    const err = await a
      .create('configmaps/default/p', (rev) => objectValue('p', rev))
      .catch((e: unknown) => e);
    expect(isStorageError(err, 'Unreachable')).toBe(true);
    expect((err as StorageError).retryAfterSeconds).toBeGreaterThan(0);
    await eventually(
      () => a.health() !== undefined && b.health() !== undefined,
      'health reporting the outage',
    );
    expect(a.health()).toMatch(/nacos/);
    const late = await a
      .create('configmaps/default/p', (rev) => objectValue('p', rev))
      .catch((e: unknown) => e);
    expect(isStorageError(late, 'Unreachable')).toBe(true);
    await proxy.resume();
    await eventually(() => a.health() === undefined && b.health() === undefined, 'recovery', 15_000);
    let p: KeyValue | undefined;
    const deadline = Date.now() + 15_000;
    while (!p && Date.now() < deadline) {
      const writer = a.lease.holding ? a : b;
      p = await writer.create('configmaps/default/p', (rev) => objectValue('p', rev)).catch(() => undefined);
      if (!p) await new Promise((r) => setTimeout(r, 50));
    }
    expect(p).toBeDefined();
    await eventually(
      () => onB.events.some((e) => e.kv.key === 'configmaps/default/p'),
      'the write after recovery on b',
    );
    expect(await b.get('configmaps/default/o')).toEqual(before);
  });

  it('a follower cut off while the log is compacted resynchronises and its subscribers converge', async () => {
    target = await startTarget();
    const { proxy, url } = await PausableProxy.for(target.url);
    const closeTarget = target.close;
    target = {
      ...target,
      close: async () => {
        await proxy.close();
        await closeTarget();
      },
    };
    const policy = { logMaxEntries: 8, logRetain: 4, inlineRecent: 2 };
    const a = await replica(policy);
    const b = driverOn({ ...target, url }, policy);
    drivers.push(b);
    await b.start();
    const k0 = await a.create('configmaps/default/k0', (rev) => objectValue('k0', rev));
    await b.state.whenApplied(k0.revision, 5000);
    const onB = collect(b, b.currentRevision());
    await proxy.pause();
    let k1 = await a.create('configmaps/default/k1', (rev) => objectValue('k1', rev));
    for (let i = 0; i < 20; i++)
      k1 = await a.update(k1.key, k1.revision, (rev) => objectValue('k1', rev, String(i)));
    await a.delete(k0.key);
    const k3 = await a.create('configmaps/default/k3', (rev) => objectValue('k3', rev));
    await a.delete(k3.key);
    const k2 = await a.create('configmaps/default/k2', (rev) => objectValue('k2', rev));
    await proxy.resume();
    await eventually(() => b.currentRevision() >= a.currentRevision(), 'b catching up', 15_000);
    expect((await b.list('')).kvs).toEqual([k1, k2]);
    const last = (key: string) => onB.events.filter((e) => e.kv.key === key).at(-1);
    expect(last(k1.key)?.kv).toEqual(k1);
    expect(last(k2.key)?.kv).toEqual(k2);
    expect(last(k0.key)?.type).toBe('delete');
    // The log kept at most 8 entries, so b resynchronised rather than replaying all 21 writes of k1.
    expect(onB.events.filter((e) => e.kv.key === k1.key).length).toBeLessThan(21);
    const revisions = onB.events.map((e) => e.revision);
    expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
    const next = await a.update(k2.key, k2.revision, (rev) => objectValue('k2', rev, 'next'));
    await eventually(() => last(k2.key)?.revision === next.revision, 'live events after the resync');
  });
});

describe('auth', () => {
  it('replicas keep working across access-token expiry', async () => {
    target = await startTarget({ auth: true, tokenTtlMs: 1000 });
    const a = await replica();
    const b = await replica();
    const onB = collect(b, b.currentRevision());
    let kv = await a.create('configmaps/default/t', (rev) => objectValue('t', rev));
    const logins = target.server?.auth.logins ?? 0;
    // Write until both replicas had to log in again (each token lives 1 s).
    const deadline = Date.now() + 15_000;
    while ((target.server?.auth.logins ?? Number.POSITIVE_INFINITY) < logins + 2 && Date.now() < deadline) {
      kv = await b.update(kv.key, kv.revision, (rev) => objectValue('t', rev, String(rev)));
    }
    if (target.server) expect(target.server.auth.logins).toBeGreaterThanOrEqual(logins + 2);
    await eventually(() => onB.events.at(-1)?.revision === kv.revision, 'the last update on b');
    expect(await a.get(kv.key)).toEqual(kv);
  });
});
