import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/x/configmaps';
type List = {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Array<{ metadata: { name: string } }>;
};
const names = (l: List) => l.items.map((i) => i.metadata.name);

describe('list: selectors and pagination', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    const labels: Record<string, Record<string, string>> = {
      a: { app: 'web', tier: 'front' },
      b: { app: 'web', tier: 'back' },
      c: { app: 'db' },
      d: {},
      e: { app: 'cache', tier: 'back' },
    };
    for (const [name, l] of Object.entries(labels)) {
      await h.app.inject({ method: 'POST', url: CMS, payload: cm(name, { metadata: { labels: l } }) });
    }
    await h.app.inject({ method: 'POST', url: '/api/v1/namespaces/y/configmaps', payload: cm('other') });
  });
  afterAll(() => h.close());

  const list = async (query: string) => json((await h.app.inject(`${CMS}?${query}`)).body) as unknown as List;

  it.each([
    ['labelSelector=app%3Dweb', ['a', 'b']],
    ['labelSelector=app%3D%3Dweb', ['a', 'b']],
    ['labelSelector=app!%3Dweb', ['c', 'd', 'e']],
    ['labelSelector=app%20in%20(db%2Ccache)', ['c', 'e']],
    ['labelSelector=app%20notin%20(web)', ['c', 'd', 'e']],
    ['labelSelector=tier', ['a', 'b', 'e']],
    ['labelSelector=!tier', ['c', 'd']],
    ['labelSelector=app%3Dweb%2Ctier%3Dback', ['b']],
    ['fieldSelector=metadata.name%3Dc', ['c']],
    ['fieldSelector=metadata.name!%3Dc%2Cmetadata.namespace%3Dx', ['a', 'b', 'd', 'e']],
  ])('%s', async (query, expected) => {
    expect(names(await list(query))).toEqual(expected);
  });

  it('pages with limit and continue, consistent at the first page resourceVersion', async () => {
    const first = await list('limit=2');
    expect(names(first)).toEqual(['a', 'b']);
    expect(first.metadata.continue).toEqual(expect.any(String));
    expect(first.metadata.remainingItemCount).toBe(3);
    await h.app.inject({ method: 'POST', url: CMS, payload: cm('f') });
    const second = await list(`limit=2&continue=${encodeURIComponent(first.metadata.continue ?? '')}`);
    expect(names(second)).toEqual(['c', 'd']);
    const third = await list(`limit=2&continue=${encodeURIComponent(second.metadata.continue ?? '')}`);
    expect(names(third)).toEqual(['e']);
    expect(third.metadata.continue).toBeUndefined();
    await h.app.inject({ method: 'DELETE', url: `${CMS}/f` });
  });

  it('answers a malformed continue token with 400 and accepts resourceVersion=0', async () => {
    const bad = await h.app.inject(`${CMS}?limit=2&continue=not-a-token`);
    expect(bad.statusCode).toBe(400);
    expect(json(bad.body)).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect(names(await list('resourceVersion=0'))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('serves resourceVersion=0 whole, ignoring limit, as the kube-apiserver watch cache', async () => {
    const all = await list('limit=2&resourceVersion=0');
    expect(names(all)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(all.metadata.continue).toBeUndefined();
  });

  it('leaves remainingItemCount out of a page filtered by a selector', async () => {
    const page = await list('limit=1&labelSelector=tier');
    expect(names(page)).toEqual(['a']);
    expect(page.metadata.continue).toEqual(expect.any(String));
    expect(page.metadata.remainingItemCount).toBeUndefined();
  });

  it('answers unparsable limit and resourceVersion with 400 in the words of Go decoders', async () => {
    const limit = await h.app.inject(`${CMS}?limit=many`);
    expect(limit.statusCode).toBe(400);
    expect(json(limit.body).message).toBe('strconv.ParseInt: parsing "many": invalid syntax');
    const rv = await h.app.inject(`${CMS}?resourceVersion=abc`);
    expect(rv.statusCode).toBe(400);
    expect(json(rv.body).message).toBe(
      'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    );
  });

  it('lists all namespaces with a namespace field selector', async () => {
    const all = json(
      (await h.app.inject('/api/v1/configmaps?fieldSelector=metadata.namespace%3Dy')).body,
    ) as unknown as List;
    expect(names(all)).toEqual(['other']);
  });
});
