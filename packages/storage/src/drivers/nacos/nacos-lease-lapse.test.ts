import type { NacosTarget } from '@hs/nacos-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { objectValue } from '../../testing/index.js';
import { driverOn, startTarget, TEST_LEASE_TTL_MS } from '../../testing/test-helpers/nacos-driver.js';
import type { NacosDriver } from './nacos-driver.js';

let target: NacosTarget;
const drivers: NacosDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await target.close();
});

/** Holds the event loop as a starved machine does: no timer (so no lease renewal) runs meanwhile. */
function starve(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe('a writer lease that lapsed because renewals came late', () => {
  it('is taken back by the next write when nobody else took it (the write succeeds)', async () => {
    target = await startTarget();
    const only = driverOn(target);
    drivers.push(only);
    await only.start();
    const first = await only.create('configmaps/default/a', (rev) => objectValue('a', rev));
    starve(TEST_LEASE_TTL_MS * 1.5);
    expect(only.lease.isValid()).toBe(false);
    const second = await only.create('configmaps/default/b', (rev) => objectValue('b', rev));
    expect(second.revision).toBeGreaterThan(first.revision);
    expect((await only.list('configmaps/')).kvs.map((kv) => kv.key)).toEqual([
      'configmaps/default/a',
      'configmaps/default/b',
    ]);
  });

  it('is not taken back while another replica holds it: the write goes to the holder', async () => {
    target = await startTarget();
    const a = driverOn(target);
    const b = driverOn(target);
    drivers.push(a, b);
    await a.start();
    await b.start();
    expect(a.lease.holding).toBe(true);
    const x = await b.create('configmaps/default/x', (rev) => objectValue('x', rev));
    expect(a.lease.holding).toBe(true);
    expect(b.lease.holding).toBe(false);
    expect(await a.get('configmaps/default/x')).toEqual(x);
  });
});
