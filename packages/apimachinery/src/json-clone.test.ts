import { describe, expect, it } from 'vitest';
import { cloneJson, cloneWithoutManagedFields } from './json-clone.js';

describe('cloneJson', () => {
  it('copies nested objects and arrays so changing the copy leaves the original alone', () => {
    const original = { a: { b: [1, { c: 'x' }], n: null, t: true }, s: 'v' };
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    (copy.a.b[1] as { c: string }).c = 'changed';
    copy.a.b.push(3);
    expect(original).toEqual({ a: { b: [1, { c: 'x' }], n: null, t: true }, s: 'v' });
  });

  it('keeps an own __proto__ key as data and never touches the prototype', () => {
    const original = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const copy = cloneJson(original);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(original));
  });

  it('copies values that are not plain JSON as structuredClone does', () => {
    const date = new Date(0);
    const copy = cloneJson({ when: date });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(date);
    expect(copy.when.getTime()).toBe(0);
  });
});

describe('cloneWithoutManagedFields', () => {
  it('drops metadata.managedFields and copies everything else deeply', () => {
    const original = {
      apiVersion: 'v1',
      metadata: { name: 'a', labels: { k: 'v' }, managedFields: [{ manager: 'm' }] },
      data: { x: 'y' },
    };
    const copy = cloneWithoutManagedFields(original);
    expect(copy).toEqual({ apiVersion: 'v1', metadata: { name: 'a', labels: { k: 'v' } }, data: { x: 'y' } });
    (copy.metadata as { labels: Record<string, string> }).labels.k = 'changed';
    expect(original.metadata.labels.k).toBe('v');
    expect(original.metadata.managedFields).toHaveLength(1);
  });
});
