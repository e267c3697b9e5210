import { describe, expect, it } from 'vitest';
import { configMapKind, secretKind } from '../kinds/core-config.js';
import type { KubeObject } from '../types.js';

const FORBIDDEN = 'Forbidden: field is immutable when `immutable` is set';
const cm = (extra: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c' },
  ...extra,
});
const secret = (extra: Record<string, unknown>): KubeObject => ({ ...cm(extra), kind: 'Secret' });
const fields = (causes: { field: string }[]) => causes.map((c) => c.field);
const cmRules = (next: KubeObject, old: KubeObject) =>
  configMapKind.strategy?.validateUpdate?.(next, old) ?? [];
const secretRules = (next: KubeObject, old: KubeObject) =>
  secretKind.strategy?.validateUpdate?.(next, old) ?? [];

describe('ConfigMap update rules', () => {
  it('lets a mutable ConfigMap change anything, including becoming immutable', () => {
    expect(cmRules(cm({ data: { a: '2' }, immutable: true }), cm({ data: { a: '1' } }))).toEqual([]);
  });

  it('forbids data, binaryData and clearing the flag once immutable', () => {
    const old = cm({ immutable: true, data: { a: '1' } });
    const causes = cmRules(cm({ data: { a: '2' }, binaryData: { b: 'AA==' } }), old);
    expect(fields(causes)).toEqual(['immutable', 'data', 'binaryData']);
    expect(causes[0]).toEqual({ field: 'immutable', reason: 'FieldValueForbidden', message: FORBIDDEN });
  });

  it('accepts the same data, metadata changes and an absent map for an empty one', () => {
    const old = cm({ immutable: true, data: {} });
    expect(cmRules({ ...cm({ immutable: true }), metadata: { name: 'c', labels: { x: 'y' } } }, old)).toEqual(
      [],
    );
  });
});

describe('Secret update rules', () => {
  it('never lets the type change, immutable or not', () => {
    expect(secretRules(secret({ type: 'kubernetes.io/tls' }), secret({ type: 'Opaque' }))).toEqual([
      {
        field: 'type',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "kubernetes.io/tls": field is immutable',
      },
    ]);
  });

  it('forbids data changes and clearing the flag once immutable', () => {
    const old = secret({ type: 'Opaque', immutable: true, data: { k: 'dg==' } });
    expect(fields(secretRules(secret({ type: 'Opaque', data: { k: 'dw==' } }), old))).toEqual([
      'immutable',
      'data',
    ]);
    expect(secretRules(secret({ type: 'Opaque', immutable: true, data: { k: 'dg==' } }), old)).toEqual([]);
  });
});
