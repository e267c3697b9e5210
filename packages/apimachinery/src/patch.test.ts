import type { KubeObject, ListMergeKey } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { applyPatch } from './patch.js';
import { StatusError } from './status.js';
import { strategicMergePatch } from './strategic-merge-patch.js';
import { object, testDefinition } from './test-helpers/definitions.js';

const cmDef = testDefinition();
const crDef = testDefinition({
  kind: 'McpBridge',
  plural: 'mcpbridges',
  group: 'networking.higress.io',
  custom: true,
});

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StatusError);
    return (err as StatusError).toStatus();
  }
  throw new Error('expected an error');
}

describe('JSON patch (RFC 6902)', () => {
  const cm = object('cm-a', { data: { a: '1', b: '2' } });

  it('applies add / replace / remove / move / copy / test as kubectl sends them', () => {
    const out = applyPatch(cmDef, cm, 'application/json-patch+json', [
      { op: 'add', path: '/data/j', value: '2' },
      { op: 'replace', path: '/data/a', value: 'x' },
      { op: 'remove', path: '/data/b' },
      { op: 'copy', from: '/data/a', path: '/data/c' },
      { op: 'move', from: '/data/c', path: '/data/d' },
      { op: 'test', path: '/data/d', value: 'x' },
    ]);
    expect(out.data).toEqual({ a: 'x', j: '2', d: 'x' });
    expect(cm.data).toEqual({ a: '1', b: '2' });
  });

  it('parses a raw body', () => {
    const out = applyPatch(
      cmDef,
      cm,
      'application/json-patch+json',
      '[{"op":"add","path":"/data/j","value":"2"}]',
    );
    expect(out.data).toEqual({ a: '1', b: '2', j: '2' });
  });

  it('answers a failing test op with 422, the generic text and empty details, as upstream', () => {
    const status = statusOf(() =>
      applyPatch(cmDef, cm, 'application/json-patch+json', [{ op: 'test', path: '/data/a', value: 'nope' }]),
    );
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: {},
    });
  });

  it('answers operations on missing paths with 422 and never leaks the document', () => {
    const secret = object('s', { data: { password: 'c2VjcmV0' } });
    const status = statusOf(() =>
      applyPatch(cmDef, secret, 'application/json-patch+json', [{ op: 'remove', path: '/data/missing' }]),
    );
    expect(status.code).toBe(422);
    expect(JSON.stringify(status)).not.toContain('c2VjcmV0');
    expect(status.details).toEqual({});
    expect(
      statusOf(() => applyPatch(cmDef, cm, 'application/json-patch+json', [{ op: 'bogus', path: '/a' }]))
        .code,
    ).toBe(422);
  });

  it('answers bodies that are not an operation array with 400', () => {
    expect(statusOf(() => applyPatch(cmDef, cm, 'application/json-patch+json', { op: 'add' })).code).toBe(
      400,
    );
    expect(statusOf(() => applyPatch(cmDef, cm, 'application/json-patch+json', '[1]')).code).toBe(400);
    expect(statusOf(() => applyPatch(cmDef, cm, 'application/json-patch+json', '{not json')).code).toBe(400);
  });

  it('answers more than 10000 operations with 413', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'ConfigMap' }));
    expect(statusOf(() => applyPatch(cmDef, cm, 'application/json-patch+json', ops)).code).toBe(413);
  });

  it('refuses to replace the whole document with a non-object', () => {
    expect(
      statusOf(() =>
        applyPatch(cmDef, cm, 'application/json-patch+json', [{ op: 'replace', path: '', value: 3 }]),
      ).code,
    ).toBe(400);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  const cm = object('cm-a', { data: { a: '1', b: '2' } }, { labels: { app: 'demo' } });

  it('merges maps, deletes on null, replaces lists and scalars', () => {
    const withList = { ...cm, spec: { list: [1, 2], nested: { keep: true, drop: 1 } } } as KubeObject;
    const out = applyPatch(cmDef, withList, 'application/merge-patch+json', {
      metadata: { labels: { foo: 'bar' } },
      data: { a: null, c: '3' },
      spec: { list: [3], nested: { drop: null, add: { deep: null, x: 1 } } },
    });
    expect(out.metadata.labels).toEqual({ app: 'demo', foo: 'bar' });
    expect(out.data).toEqual({ b: '2', c: '3' });
    expect(out.spec).toEqual({ list: [3], nested: { keep: true, add: { x: 1 } } });
  });

  it('never shares structure with its inputs', () => {
    const out = applyPatch(cmDef, cm, 'application/merge-patch+json', { data: { c: '3' } });
    out.metadata.labels = { changed: 'yes' };
    expect(cm.metadata.labels).toEqual({ app: 'demo' });
    expect(cm.data).toEqual({ a: '1', b: '2' });
  });

  it('does not let __proto__ keys reach prototypes', () => {
    const out = applyPatch(
      cmDef,
      cm,
      'application/merge-patch+json',
      '{"data":{"__proto__":{"polluted":"yes"}}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
  });

  it('rejects a non-object patch with 400', () => {
    expect(statusOf(() => applyPatch(cmDef, cm, 'application/merge-patch+json', '[1]')).code).toBe(400);
  });
});

describe('strategic merge patch', () => {
  const lmk: ListMergeKey[] = [
    { path: 'spec.containers', mergeKey: 'name', strategy: 'merge' },
    { path: 'spec.containers[].ports', mergeKey: 'containerPort', strategy: 'merge' },
    { path: 'spec.containers[].args', strategy: 'replace' },
    { path: 'metadata.finalizers', strategy: 'merge' },
    { path: 'spec.volumes', mergeKey: 'name', strategy: 'merge,retainKeys' },
    { path: 'spec.replacedMap', strategy: 'replace' },
  ];
  const smp = (original: Record<string, unknown>, patch: unknown) =>
    strategicMergePatch(original, patch, lmk);

  it('merges maps and deletes keys set to null (kubectl apply on a ConfigMap)', () => {
    const cm = object('app-config', { data: { key1: 'value1', key2: 'value2' } });
    const out = applyPatch(cmDef, cm, 'application/strategic-merge-patch+json', {
      data: { key1: null, key2: 'changed', key3: 'new' },
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } },
    });
    expect(out.data).toEqual({ key2: 'changed', key3: 'new' });
    expect(out.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' });
    expect(cm.data).toEqual({ key1: 'value1', key2: 'value2' });
  });

  it('merges lists of maps by merge key, keeping live order and appending new items', () => {
    const out = smp(
      {
        spec: {
          containers: [
            { name: 'a', image: '1' },
            { name: 'b', image: '1', env: 'x' },
          ],
        },
      },
      {
        spec: {
          containers: [
            { name: 'b', image: '2' },
            { name: 'c', image: '3' },
          ],
        },
      },
    );
    expect(out.spec).toEqual({
      containers: [
        { name: 'a', image: '1' },
        { name: 'b', image: '2', env: 'x' },
        { name: 'c', image: '3' },
      ],
    });
  });

  it('merges nested lists by their own merge key and replaces lists without merge strategy', () => {
    const out = smp(
      {
        spec: {
          containers: [
            { name: 'a', ports: [{ containerPort: 80, name: 'http' }], args: ['x', 'y'], plain: [1, 2] },
          ],
        },
      },
      {
        spec: {
          containers: [
            { name: 'a', ports: [{ containerPort: 443, name: 'https' }], args: ['z'], plain: [3] },
          ],
        },
      },
    );
    expect(out.spec).toEqual({
      containers: [
        {
          name: 'a',
          // new items the live list does not know go first (mergeSortedSlice), as upstream
          ports: [
            { containerPort: 443, name: 'https' },
            { containerPort: 80, name: 'http' },
          ],
          args: ['z'],
          plain: [3],
        },
      ],
    });
  });

  it('deletes list items with $patch: delete and replaces lists with $patch: replace', () => {
    const original = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
    expect(smp(original, { spec: { containers: [{ name: 'b', $patch: 'delete' }] } }).spec).toEqual({
      containers: [{ name: 'a' }, { name: 'c' }],
    });
    expect(
      smp(original, { spec: { containers: [{ name: 'x', v: 1 }, { $patch: 'replace' }] } }).spec,
    ).toEqual({
      containers: [{ name: 'x', v: 1 }],
    });
  });

  it('honours $patch: replace and $patch: delete on maps', () => {
    const original = { spec: { m: { a: 1, b: 2 }, keep: true } };
    expect(smp(original, { spec: { m: { c: 3, $patch: 'replace' } } }).spec).toEqual({
      m: { c: 3 },
      keep: true,
    });
    expect(smp(original, { spec: { m: { $patch: 'delete' } } }).spec).toEqual({ m: {}, keep: true });
  });

  it('replaces maps whose strategy is replace', () => {
    expect(smp({ spec: { replacedMap: { a: 1 } } }, { spec: { replacedMap: { b: 2 } } }).spec).toEqual({
      replacedMap: { b: 2 },
    });
  });

  it('merges primitive lists with merge strategy as sets, patch items first', () => {
    const out = smp({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { finalizers: ['c', 'a'] } });
    expect(out.metadata).toEqual({ finalizers: ['c', 'a', 'b'] });
  });

  it('removes primitives listed in $deleteFromPrimitiveList and orders with $setElementOrder', () => {
    const out = smp(
      { metadata: { finalizers: ['a', 'b', 'c'] } },
      {
        metadata: { '$deleteFromPrimitiveList/finalizers': ['b'], '$setElementOrder/finalizers': ['a', 'c'] },
      },
    );
    expect(out.metadata).toEqual({ finalizers: ['a', 'c'] });
    expect(
      smp(
        { metadata: { finalizers: ['a', 'b', 'c'] } },
        { metadata: { '$setElementOrder/finalizers': ['c', 'b', 'a'] } },
      ).metadata,
    ).toEqual({
      finalizers: ['c', 'b', 'a'],
    });
  });

  it('orders merged maps by $setElementOrder (upstream patch_test.go case)', () => {
    const out = smp(
      { spec: { containers: [{ name: '1' }, { name: '2' }, { name: '3' }] } },
      {
        spec: {
          '$setElementOrder/containers': [{ name: '4' }, { name: '2' }, { name: '1' }, { name: '3' }],
          containers: [{ name: '4' }],
        },
      },
    );
    expect(out.spec).toEqual({ containers: [{ name: '4' }, { name: '2' }, { name: '1' }, { name: '3' }] });
  });

  it('applies the patch kubectl apply computes for a Service port change', () => {
    const def = testDefinition({
      listMergeKeys: [{ path: 'spec.ports', mergeKey: 'port', strategy: 'merge', listType: 'map' }],
    });
    const live = object('gw', {
      spec: {
        ports: [
          { port: 80, name: 'http' },
          { port: 8080, name: 'alt' },
        ],
      },
    });
    const out = applyPatch(def, live, 'application/strategic-merge-patch+json', {
      spec: {
        '$setElementOrder/ports': [{ port: 80 }, { port: 443 }],
        ports: [
          { name: 'https', port: 443 },
          { $patch: 'delete', port: 8080 },
        ],
      },
    });
    expect(out.spec).toEqual({
      ports: [
        { port: 80, name: 'http' },
        { name: 'https', port: 443 },
      ],
    });
  });

  it('clears keys missing from $retainKeys', () => {
    const out = smp(
      { spec: { volumes: [{ name: 'v', hostPath: { path: '/x' }, emptyDir: {} }] } },
      {
        spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'emptyDir'], emptyDir: { medium: 'Memory' } }] },
      },
    );
    expect(out.spec).toEqual({ volumes: [{ name: 'v', emptyDir: { medium: 'Memory' } }] });
  });

  it('takes new values whole, without nulls or directives', () => {
    const out = smp({}, { spec: { m: { a: null, b: 1, c: { $patch: 'delete' } } } });
    expect(out).toEqual({ spec: { m: { b: 1 } } });
  });

  it('maps malformed patches to upstream status codes', () => {
    const original = object('x', { spec: { containers: [{ name: 'a' }], volumes: [{ name: 'v' }] } });
    const patchOf = (p: unknown) =>
      statusOf(() =>
        applyPatch(
          testDefinition({ listMergeKeys: lmk }),
          original,
          'application/strategic-merge-patch+json',
          p,
        ),
      );
    expect(patchOf({ spec: { containers: [{ image: 'no-key' }] } })).toMatchObject({
      code: 400,
      message: 'map: map[image:no-key] does not contain declared merge key: name',
    });
    expect(patchOf({ spec: { volumes: [{ name: 'v', $retainKeys: 'oops' }] } })).toMatchObject({
      code: 400,
      message: 'invalid patch format of retainKeys',
    });
    expect(patchOf({ spec: { volumes: [{ name: 'v', $retainKeys: ['name'], other: 1 }] } }).code).toBe(400);
    expect(patchOf({ metadata: { $deleteFromPrimitiveList: ['a'] } })).toMatchObject({
      code: 400,
      message: 'invalid patch format of primitive list',
    });
    expect(patchOf({ spec: { containers: [{ name: 'a', $patch: 'bogus' }] } }).code).toBe(400);
    expect(patchOf({ spec: { containers: [[1]] } })).toMatchObject({
      code: 400,
      message: 'list element types are not identical: [[map[name:a]] [[1]]]',
    });
    const listOfLists = statusOf(() =>
      applyPatch(
        testDefinition({ listMergeKeys: lmk }),
        object('x', { metadata: { name: 'x', finalizers: [['a']] } }),
        'application/strategic-merge-patch+json',
        { metadata: { finalizers: [['b']] } },
      ),
    );
    // upstream interpretStrategicMergePatchError: NewGenericServerResponse(422, …, false), no causes
    expect(listOfLists).toMatchObject({ code: 422, details: {} });
    expect(listOfLists.details).toEqual({});
    expect(patchOf([1])).toMatchObject({ code: 400 });
  });

  it('does not let __proto__ keys reach prototypes', () => {
    const out = applyPatch(
      cmDef,
      object('a', { data: { k: 'v' } }),
      'application/strategic-merge-patch+json',
      '{"data":{"__proto__":{"polluted":"yes"}},"spec":{"$setElementOrder/__proto__":["a"],"__proto__":["a"]}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(out.spec)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out.spec, '__proto__')?.value).toEqual(['a']);
  });

  it('is refused for custom resources with 415, as upstream does for CRDs', () => {
    const status = statusOf(() =>
      applyPatch(crDef, object('default'), 'application/strategic-merge-patch+json', { spec: {} }),
    );
    expect(status).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });

  it('leaves the object unchanged for a null body', () => {
    const cm = object('a', { data: { k: 'v' } });
    expect(applyPatch(cmDef, cm, 'application/strategic-merge-patch+json', 'null')).toEqual(cm);
  });
});
