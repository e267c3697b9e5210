import { describe, expect, it } from 'vitest';
import { deepEqual } from './json-value.js';
import { isNoOpWrite, specChanged } from './object-equality.js';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './validation.js';

// Cases follow k8s.io/apimachinery/pkg/util/validation/validation_test.go and api/validation/path/name_test.go.
describe('label key and value validation', () => {
  it('DNS-1123 subdomain (label key prefixes)', () => {
    for (const ok of ['a', 'ab', 'a-b', 'a.b', '0', 'a.b.c-d', 'x'.repeat(253)])
      expect(isDNS1123Subdomain(ok), ok).toEqual([]);
    expect(isDNS1123Subdomain('A')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    for (const bad of ['', '-a', 'a-', 'a..b', 'a_b', 'a b'])
      expect(isDNS1123Subdomain(bad).length, bad).toBe(1);
    expect(isDNS1123Subdomain('x'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });

  it('qualified names and label values', () => {
    expect(isQualifiedName('example.com/MyName')).toEqual([]);
    expect(isQualifiedName('a/b/c')).toHaveLength(1);
    expect(isQualifiedName('x'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('my_value')).toEqual([]);
    expect(isValidLabelValue('-x')).toHaveLength(1);
  });
});

describe('object comparisons', () => {
  it('deepEqual ignores key order but not list order', () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: undefined }, {})).toBe(true);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
    expect(deepEqual('1', 1)).toBe(false);
  });

  it('specChanged looks outside metadata and status only', () => {
    const base = {
      apiVersion: 'v1',
      kind: 'X',
      metadata: { name: 'a', labels: {} },
      spec: { r: 1 },
      status: { s: 1 },
    };
    expect(specChanged(base, { ...base, metadata: { name: 'a', labels: { x: 'y' } } })).toBe(false);
    expect(specChanged(base, { ...base, status: { s: 2 } })).toBe(false);
    expect(specChanged(base, { ...base, spec: { r: 2 } })).toBe(true);
    expect(specChanged({ metadata: {}, data: { a: '1' } }, { metadata: {}, data: { a: '2' } })).toBe(true);
  });

  it('isNoOpWrite ignores resourceVersion only', () => {
    const a = { metadata: { name: 'a', resourceVersion: '1' }, data: { k: 'v' } };
    expect(isNoOpWrite(a, { metadata: { name: 'a', resourceVersion: '2' }, data: { k: 'v' } })).toBe(true);
    expect(isNoOpWrite(a, { metadata: { name: 'a', labels: { x: 'y' } }, data: { k: 'v' } })).toBe(false);
  });
});
