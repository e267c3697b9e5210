import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdMissing, startEtcd } from './etcd.js';

const missing = etcdMissing();
if (missing) console.log(`skipping etcd tests: ${missing}`);

describe.skipIf(missing)('startEtcd', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hs-etcd-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves a healthy single member on loopback until stopped', async () => {
    const etcd = await startEtcd(dir);
    expect(etcd.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The v3 JSON gateway: a write then a read of the same key.
    const key = Buffer.from('conformance').toString('base64');
    const put = await fetch(`${etcd.endpoint}/v3/kv/put`, {
      method: 'POST',
      body: JSON.stringify({ key, value: Buffer.from('yes').toString('base64') }),
    });
    expect(put.status).toBe(200);
    const got = (await (
      await fetch(`${etcd.endpoint}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key }) })
    ).json()) as {
      kvs: { value: string }[];
    };
    expect(Buffer.from(got.kvs[0]?.value ?? '', 'base64').toString()).toBe('yes');
    await etcd.stop();
    expect(await etcd.child.exited).toMatch(/exit|signal/);
    await expect(fetch(`${etcd.endpoint}/health`)).rejects.toThrow();
  }, 60_000);
});
