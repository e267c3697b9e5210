import { afterEach, describe, expect, it } from 'vitest';
import { NacosClient } from '../client.js';
import { createNamespace, listNamespaces, searchConfigs } from '../console-api.js';
import { isNacosError } from '../errors.js';
import { contentMd5 } from '../md5.js';
import { type NacosTestServer, startNacosTestServer } from './server.js';

// Test-server behaviour (version modes, wire formats, auth, fault injection): always the test server.
const servers: NacosTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(opts: Parameters<typeof startNacosTestServer>[0] = {}) {
  const s = await startNacosTestServer(opts);
  servers.push(s);
  return s;
}
const form = (f: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(f).toString(),
});
const k = { tenant: 'higress-system', group: 'default', dataId: 'configmaps.x' };

describe('v1 wire format', () => {
  it('GET answers the raw body with Nacos headers, 404 with the exact text', async () => {
    const s = await start();
    const res = await fetch(
      `${s.url}/v1/cs/configs`,
      form({ dataId: 'a.b', group: 'g', tenant: 't', content: 'x: é', type: 'bogus' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.text()).toBe('true');
    const get = await fetch(`${s.url}/v1/cs/configs?dataId=a.b&group=g&tenant=t`);
    expect(await get.text()).toBe('x: é');
    expect(get.headers.get('content-md5')).toBe(contentMd5('x: é'));
    expect(get.headers.get('config-type')).toBe('text');
    expect(get.headers.get('cache-control')).toBe('no-cache,no-store');
    expect(get.headers.get('last-modified')).toMatch(/GMT$/);
    const missing = await fetch(`${s.url}/v1/cs/configs?dataId=no&group=g&tenant=t`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('config data not exist\n');
  });

  it('validates publishes like ParamUtils and answers CAS failures with 500', async () => {
    const s = await start();
    const bad = await fetch(`${s.url}/v1/cs/configs`, form({ dataId: 'a/b', group: 'g', content: 'x' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('caused: invalid dataId : a/b;');
    const blank = await fetch(`${s.url}/v1/cs/configs`, form({ dataId: 'a', group: 'g', content: ' \n' }));
    expect(blank.status).toBe(400);
    const long = await fetch(
      `${s.url}/v1/cs/configs`,
      form({ dataId: 'a'.repeat(256), group: 'g', content: 'x' }),
    );
    expect(long.status).toBe(500);
    await fetch(`${s.url}/v1/cs/configs`, form({ dataId: 'a', group: 'g', content: 'x' }));
    const cas = await fetch(`${s.url}/v1/cs/configs`, {
      ...form({ dataId: 'a', group: 'g', content: 'y' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', casMd5: 'nope' },
    });
    expect(cas.status).toBe(500);
    expect(await cas.text()).toBe('caused: Cas publish fail, server md5 may have changed.;');
    // 2.x maps tenant "public" to the default namespace on publish and GET.
    const pub = await fetch(`${s.url}/v1/cs/configs?dataId=a&group=g&tenant=public`);
    expect(await pub.text()).toBe('x');
  });

  it('3.1 answers a v1 CAS failure with 500 and the body false, as the real 3.1.0 does', async () => {
    const s = await start({ mode: '3.1' });
    await fetch(`${s.url}/v1/cs/configs`, form({ dataId: 'a', group: 'g', tenant: 't', content: 'x' }));
    const cas = await fetch(`${s.url}/v1/cs/configs`, {
      ...form({ dataId: 'a', group: 'g', tenant: 't', content: 'y' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', casMd5: 'nope' },
    });
    expect(cas.status).toBe(500);
    expect(await cas.text()).toBe('false');
    const c = new NacosClient({ serverUrl: s.url, username: 'nacos', password: 'nacos' });
    await c.connect();
    const key = { tenant: 't', group: 'g', dataId: 'a' };
    const err = await c.publish(key, 'z', { casMd5: 'nope' }).catch((e: unknown) => e);
    expect(isNacosError(err, 'Conflict')).toBe(true);
    expect((await c.getDetail(key))?.content).toBe('x');
  });

  it('listener: immediate answer in Java URL encoding, malformed bodies, no-hangup and short polls', async () => {
    const s = await start();
    await fetch(`${s.url}/v1/cs/configs`, form({ dataId: 'd.1', group: 'g:1', tenant: 'ten', content: 'x' }));
    const probe = 'd.1\x02g:1\x02\x02ten\x01';
    const res = await fetch(`${s.url}/v1/cs/configs/listener`, {
      ...form({ 'Listening-Configs': probe }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'Long-Pulling-Timeout': '30000' },
    });
    expect(await res.text()).toBe('d.1%02g%3A1%02ten%01\n');
    const malformed = await fetch(
      `${s.url}/v1/cs/configs/listener`,
      form({ 'Listening-Configs': 'd.1\x02g' }),
    );
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toBe('caused: invalid probeModify;');
    const noHangup = await fetch(`${s.url}/v1/cs/configs/listener`, {
      ...form({ 'Listening-Configs': `d.1\x02g:1\x02${contentMd5('x')}\x02ten\x01` }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'Long-Pulling-Timeout': '30000',
        'Long-Pulling-Timeout-No-Hangup': 'true',
      },
    });
    expect(await noHangup.text()).toBe('');
    const short = await fetch(`${s.url}/v1/cs/configs/listener`, form({ 'Listening-Configs': probe }));
    expect(short.headers.get('probe-modify-response')).toBe('d.1%02g%3A1%02ten%01');
  });

  it('stale reads: GET lags the database by the dump delay and coalesces rapid writes', async () => {
    const s = await start({ staleReadMs: 150 });
    const c = new NacosClient({ serverUrl: s.url });
    await c.connect();
    await c.publish(k, 'v: 1');
    await c.publish(k, 'v: 2');
    await c.publish(k, 'v: 3');
    expect(await c.get(k)).toBeUndefined();
    expect((await c.getDetail(k))?.content).toBe('v: 3');
    const deadline = Date.now() + 5000;
    while ((await c.get(k)) === undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect((await c.get(k))?.content).toBe('v: 3');
    expect(s.state.coalescedDumps).toBeGreaterThan(0);
  });

  it('never repeats a publish that reached the server (a lost CAS is not retried)', async () => {
    const s = await start();
    const c = new NacosClient({ serverUrl: s.url, retryBaseMs: 1 });
    await c.connect();
    await c.publish(k, 'v: 1');
    const before = s.hits.get('/v1/cs/configs') ?? 0;
    const err = await c.publish(k, 'v: 2', { casMd5: 'stale' }).catch((e: unknown) => e);
    expect(isNacosError(err, 'Conflict')).toBe(true);
    expect(s.hits.get('/v1/cs/configs')).toBe(before + 1);
  });

  it('retries GETs answered 409 "being modified"', async () => {
    const s = await start();
    const c = new NacosClient({ serverUrl: s.url, retryBaseMs: 1 });
    await c.connect();
    await c.publish(k, 'v: 1');
    s.conflictBudget.remaining = 2;
    expect((await c.get(k))?.content).toBe('v: 1');
    expect(s.conflictBudget.remaining).toBe(0);
  });

  it('searches return every item exactly once with md5 null on the wire', async () => {
    const s = await start({ searchOrder: 'id' });
    for (let i = 0; i < 3; i++)
      await fetch(
        `${s.url}/v1/cs/configs`,
        form({ dataId: `p.${i}`, group: 'g', tenant: 't', content: 'x' }),
      );
    const res = await fetch(
      `${s.url}/v1/cs/configs?search=accurate&dataId=&group=&tenant=t&pageNo=1&pageSize=2`,
    );
    const page = (await res.json()) as {
      totalCount: number;
      pagesAvailable: number;
      pageItems: Array<Record<string, unknown>>;
    };
    expect(page.totalCount).toBe(3);
    expect(page.pagesAvailable).toBe(2);
    expect(page.pageItems.map((i) => i.dataId)).toEqual(['p.0', 'p.1']);
    expect(page.pageItems[0]?.md5).toBeNull();
    expect(typeof page.pageItems[0]?.id).toBe('string');
    const missing = await fetch(`${s.url}/v1/cs/configs?search=accurate&dataId=&group=&tenant=t&pageNo=1`);
    expect(missing.status).toBe(400);
  });
});

describe('auth mode', () => {
  it('logs in with credentials in the POST body only and refreshes expired tokens', async () => {
    const s = await start({ auth: true, tokenTtlMs: 1000 });
    const anonymous = await fetch(`${s.url}/v1/cs/configs?dataId=a&group=g`);
    expect(anonymous.status).toBe(403);
    expect(((await anonymous.json()) as { message: string }).message).toBe('user not found!');
    const c = new NacosClient({ serverUrl: s.url, username: 'nacos', password: 'nacos' });
    await c.connect();
    await c.publish(k, 'v: 1');
    const firstLogins = s.auth.logins;
    // Expire the token server-side: the next call gets 403 "token expired!" and logs in again.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await c.getDetail(k))?.content).toBe('v: 1');
    expect(s.auth.logins).toBeGreaterThan(firstLogins);
    expect(s.requestUrls.some((u) => /password|nacos&/i.test(u))).toBe(false);
  });

  it('refuses bad credentials with Forbidden', async () => {
    const s = await start({ auth: true });
    const c = new NacosClient({ serverUrl: s.url, username: 'nacos', password: 'wrong' });
    await c.connect();
    const err = await c.get(k).catch((e: unknown) => e);
    expect(isNacosError(err, 'Forbidden')).toBe(true);
    expect((err as Error).message).toMatch(/login as nacos failed: HTTP 403: user not found!/);
  });
});

describe('version modes', () => {
  it('2.2 is refused: it silently ignores casMd5', async () => {
    const s = await start({ mode: '2.2' });
    const err = await new NacosClient({ serverUrl: s.url }).connect().catch((e: unknown) => e);
    expect(isNacosError(err, 'IncompatibleServer')).toBe(true);
    expect((err as Error).message).toMatch(/2\.2\.3 .*ignores the casMd5 header.*2\.3\.0/);
    const c = new NacosClient({ serverUrl: s.url, allowWithoutCas: true });
    await c.connect();
    await c.publish(k, 'v: 1');
    await c.publish(k, 'v: 2', { casMd5: 'stale' });
    expect((await c.getDetail(k))?.content).toBe('v: 2');
  });

  for (const mode of ['3.1', '3.2'] as const) {
    it(`${mode}: v1 console endpoints are gone and the client uses the v3 admin API`, async () => {
      const s = await start({ mode, minLongPollMs: 200 });
      const v1Search = await fetch(
        `${s.url}/v1/cs/configs?search=accurate&dataId=&group=&pageNo=1&pageSize=1`,
      );
      expect(v1Search.status).toBe(mode === '3.1' ? 410 : 404);
      const c = new NacosClient({
        serverUrl: s.url,
        username: 'nacos',
        password: 'nacos',
        pollIntervalMs: 20,
      });
      const info = await c.connect();
      expect(info.version).toBe(mode === '3.1' ? '3.1.0' : '3.2.0');
      expect(info.api.v1Config).toBe(mode === '3.1');
      await c.publish(k, 'v: 1', { createOnly: true });
      expect(isNacosError(await c.publish(k, 'v: 2', { createOnly: true }).catch((e) => e), 'Conflict')).toBe(
        true,
      );
      expect((await c.getDetail(k))?.md5).toBe(contentMd5('v: 1'));
      const items = [];
      for await (const i of searchConfigs(c, { tenant: k.tenant, dataId: 'configmaps.*', mode: 'blur' }))
        items.push(i);
      expect(items.map((i) => i.content)).toEqual(['v: 1']);
      const changed = c.listen([{ key: k, md5: contentMd5('v: 1') }], { timeoutMs: 30_000 });
      await c.publish(k, 'v: 3', { casMd5: contentMd5('v: 1') });
      expect(await changed).toEqual([k]);
      expect(await createNamespace(c, 'higress-system', 'higress')).toBe(true);
      expect((await listNamespaces(c)).map((n) => n.namespace)).toEqual(['public', 'higress-system']);
      await c.delete(k);
      expect(await c.getDetail(k)).toBeUndefined();
    });
  }

  it('3.1 search reuses content the caller holds for an unchanged md5 instead of reading it again', async () => {
    const s = await start({ mode: '3.1' });
    const c = new NacosClient({ serverUrl: s.url, username: 'nacos', password: 'nacos' });
    await c.connect();
    await c.publish({ ...k, dataId: 'configmaps.a' }, 'a: 1');
    await c.publish({ ...k, dataId: 'configmaps.b' }, 'b: 1');
    const before = s.hits.get('/v3/admin/cs/config') ?? 0;
    const known = (key: { dataId: string }, md5: string) =>
      key.dataId === 'configmaps.a' && md5 === contentMd5('a: 1') ? 'a: 1' : undefined;
    const items = [];
    for await (const i of searchConfigs(c, { tenant: k.tenant, known }))
      items.push([i.key.dataId, i.content]);
    expect(items.sort()).toEqual([
      ['configmaps.a', 'a: 1'],
      ['configmaps.b', 'b: 1'],
    ]);
    expect(s.hits.get('/v3/admin/cs/config')).toBe(before + 1);
  });

  it('2.5 namespaces: create, duplicate and invalid ids', async () => {
    const s = await start();
    const c = new NacosClient({ serverUrl: s.url });
    await c.connect();
    expect(await createNamespace(c, 'higress-system', 'higress')).toBe(true);
    expect(await createNamespace(c, 'higress-system', 'higress')).toBe(false);
    expect(isNacosError(await createNamespace(c, 'bad.id', 'x').catch((e) => e), 'BadRequest')).toBe(true);
    expect((await listNamespaces(c)).map((n) => [n.namespace, n.type])).toEqual([
      ['', 0],
      ['higress-system', 2],
    ]);
  });
});
