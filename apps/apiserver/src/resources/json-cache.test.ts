import { describe, expect, it } from 'vitest';
import { cm, harness, json } from '../testing/harness.js';
import { LIST_CHUNK, listJson, listJsonChunks, listMetadata, objectJson, watchLine } from './json-cache.js';

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
    const head = { kind: 'ConfigMapList', apiVersion: 'v1', metadata };
    expect(listJson({ ...head, itemTypeMeta: true }, items)).toBe(JSON.stringify({ ...head, items }));
    expect(
      listJson(
        { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, itemTypeMeta: true },
        [],
      ),
    ).toBe('{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}');
  });

  it('leaves apiVersion and kind out of the items of a typed list, whatever the key order', () => {
    const items = [
      item('a'),
      frozen({ metadata: { name: 'b' }, kind: 'ConfigMap', apiVersion: 'v1', data: {} }),
    ];
    const head = { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '9' } };
    expect(JSON.parse(listJson({ ...head, itemTypeMeta: false }, items))).toEqual({
      ...head,
      items: [
        { metadata: { name: 'a', resourceVersion: '7' }, data: { k: 'v' } },
        { metadata: { name: 'b' }, data: {} },
      ],
    });
    // the object's own text (GET, watch) keeps them
    expect(JSON.parse(objectJson(items[0] as object))).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
  });

  it('streams the same text in chunks as it builds in one piece', async () => {
    const items = Array.from({ length: LIST_CHUNK + 3 }, (_, i) => item(`n${i}`));
    for (const itemTypeMeta of [true, false]) {
      const head = {
        kind: 'ConfigMapList',
        apiVersion: 'v1',
        metadata: { resourceVersion: '9' },
        itemTypeMeta,
      };
      let streamed = '';
      for await (const chunk of listJsonChunks(head, items)) streamed += chunk;
      expect(streamed).toBe(listJson(head, items));
    }
  });

  it('sends metadata.continue "" on the last page of an unstructured list only', () => {
    expect(listMetadata({ resourceVersion: '3' })).toEqual({ resourceVersion: '3' });
    expect(listMetadata({ resourceVersion: '3' }, true)).toEqual({ resourceVersion: '3', continue: '' });
    expect(listMetadata({ resourceVersion: '3', continue: 't', remainingItemCount: 2 }, true)).toEqual({
      resourceVersion: '3',
      continue: 't',
      remainingItemCount: 2,
    });
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
      // a built-in kind's list items are the objects without apiVersion/kind (typed Go lists)
      const { apiVersion, kind, ...rest } = json(got.body);
      expect({ apiVersion, kind }).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
      expect(second.items[0]).toEqual(rest);
    } finally {
      await h.close();
    }
  });
});
