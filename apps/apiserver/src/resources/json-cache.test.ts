import { describe, expect, it } from 'vitest';
import { cm, harness, json } from '../testing/harness.js';
import { listJson, objectJson, watchLine } from './json-cache.js';

const frozen = <T extends object>(o: T): T => {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) frozen(v);
  return Object.freeze(o);
};
const item = (name: string) =>
  frozen({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, resourceVersion: '7' }, data: { k: 'v' } });

describe('json-cache', () => {
  it('builds exactly the JSON.stringify text of a list from the items', () => {
    const items = [item('a'), item('b')];
    const metadata = { resourceVersion: '9', continue: 'tok', remainingItemCount: 3 };
    expect(listJson('ConfigMapList', 'v1', metadata, items)).toBe(
      JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata, items }),
    );
    expect(listJson('ConfigMapList', 'v1', { resourceVersion: '1' }, [])).toBe(
      '{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}',
    );
  });

  it('encodes a watch event line as JSON.stringify({ type, object }) plus a newline', () => {
    const object = item('a');
    expect(watchLine('ADDED', object).toString()).toBe(`${JSON.stringify({ type: 'ADDED', object })}\n`);
    // the same object as another event type gets its own line
    expect(watchLine('DELETED', object).toString()).toBe(`${JSON.stringify({ type: 'DELETED', object })}\n`);
  });

  it('reuses the text of a frozen object and re-serialises objects that may change', () => {
    const shared = item('a');
    expect(objectJson(shared)).toBe(objectJson(shared));
    const mutable = { metadata: { name: 'a' } };
    expect(objectJson(mutable)).toBe('{"metadata":{"name":"a"}}');
    mutable.metadata.name = 'b';
    expect(objectJson(mutable)).toBe('{"metadata":{"name":"b"}}');
    const line = { type: 'x' } as { type: string };
    expect(watchLine('ADDED', line).toString()).toBe('{"type":"ADDED","object":{"type":"x"}}\n');
    line.type = 'y';
    expect(watchLine('ADDED', line).toString()).toBe('{"type":"ADDED","object":{"type":"y"}}\n');
  });

  it('serves a LIST that reflects every write, as JSON identical to the objects read one by one', async () => {
    const h = await harness();
    try {
      const url = '/api/v1/namespaces/x/configmaps';
      for (const name of ['a', 'b']) await h.app.inject({ method: 'POST', url, payload: cm(name) });
      const first = await h.app.inject(url);
      expect(first.headers['content-type']).toBe('application/json');
      await h.app.inject({
        method: 'PATCH',
        url: `${url}/a`,
        headers: { 'content-type': 'application/merge-patch+json' },
        payload: { data: { k: 'changed' } },
      });
      const second = json((await h.app.inject(url)).body) as { items: Array<{ data: { k: string } }> };
      expect(second.items.map((i) => i.data.k)).toEqual(['changed', 'v']);
      const got = await h.app.inject(`${url}/a`);
      expect(got.headers['content-type']).toBe('application/json');
      expect(second.items[0]).toEqual(json(got.body));
    } finally {
      await h.close();
    }
  });
});
