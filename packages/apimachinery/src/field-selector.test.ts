import { describe, expect, it } from 'vitest';
import { escapeFieldValue, parseFieldSelector, validateFieldSelector } from './field-selector.js';
import { compilePredicate } from './predicate.js';
import { StatusError } from './status.js';
import { object, testDefinition } from './test-helpers/definitions.js';

const secretDef = testDefinition({
  kind: 'Secret',
  plural: 'secrets',
  fieldSelectors: [{ field: 'type', path: 'type' }],
});
const mcpDef = testDefinition({
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

// Cases follow k8s.io/apimachinery/pkg/fields/selector_test.go (TestSelectorParse, TestSplitTerms, TestEscapeValue).
describe('field selector parsing', () => {
  const valid: Array<[string, string]> = [
    ['', ''],
    ['metadata.name=cm-a', 'metadata.name=cm-a'],
    ['metadata.name==cm-a', 'metadata.name==cm-a'],
    ['metadata.name!=cm-a', 'metadata.name!=cm-a'],
    ['b=2,a=1', 'a=1,b=2'],
    [
      'type!=helm.sh/release.v1,type!=kubernetes.io/service-account-token',
      'type!=helm.sh/release.v1,type!=kubernetes.io/service-account-token',
    ],
    ['x=a\\,b', 'x=a\\,b'],
    ['x=a\\=b', 'x=a\\=b'],
    ['x=a\\\\b', 'x=a\\\\b'],
    ['x=', 'x='],
    ['a=1,,b=2', 'a=1,b=2'],
  ];
  it.each(valid)('%j parses to %j', (text, canonical) => {
    expect(parseFieldSelector(text).toString()).toBe(canonical);
  });

  it('unescapes values', () => {
    expect(parseFieldSelector('x=a\\,b\\=c\\\\d').requirements[0]).toEqual({
      field: 'x',
      operator: '=',
      value: 'a,b=c\\d',
    });
    expect(escapeFieldValue('a,b=c\\d')).toBe('a\\,b\\=c\\\\d');
  });

  const invalid: Array<[string, string]> = [
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['a=1,b', "invalid selector: 'a=1,b'; can't understand 'b'"],
    ['x=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a\\b', 'invalid field selector: invalid escape sequence: \\b'],
    ['x=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  it.each(invalid)('%j → 400 %s', (text, message) => {
    const status = statusOf(() => parseFieldSelector(text));
    expect(status.code).toBe(400);
    expect(status.message).toBe(message);
  });
});

describe('field names a kind supports', () => {
  it('accepts metadata.name, metadata.namespace and declared fields', () => {
    expect(() =>
      validateFieldSelector(secretDef, parseFieldSelector('metadata.name=a,metadata.namespace=b,type=x')),
    ).not.toThrow();
  });

  it('answers built-in kinds with "field label not supported"', () => {
    const status = statusOf(() => compilePredicate(secretDef, { fieldSelector: 'spec.bogus=1' }));
    expect(status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'field label not supported: spec.bogus',
    });
  });

  it('answers custom resources with the CRD text', () => {
    const status = statusOf(() => compilePredicate(mcpDef, { fieldSelector: 'spec.x=1' }));
    expect(status.message).toBe(
      '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('rejects the annotation selector the Higress controller sends (invalid upstream too)', () => {
    const status = statusOf(() =>
      compilePredicate(testDefinition(), {
        fieldSelector: "metadata.annotations['higress.io/cert-https'] == 'true'",
      }),
    );
    expect(status.code).toBe(400);
  });
});

describe('compilePredicate', () => {
  const secrets = [
    object('a', { type: 'kubernetes.io/tls' }, { labels: { 'istio/multiCluster': 'true' } }),
    object('b', { type: 'helm.sh/release.v1' }),
    object('c', { type: 'kubernetes.io/service-account-token' }),
    object('d', {}, { namespace: 'y' }),
  ];
  const names = (q: { labelSelector?: string; fieldSelector?: string }) =>
    secrets.filter(compilePredicate(secretDef, q)).map((o) => o.metadata.name);

  it('filters on fields (missing field reads as empty)', () => {
    expect(
      names({ fieldSelector: 'type!=helm.sh/release.v1,type!=kubernetes.io/service-account-token' }),
    ).toEqual(['a', 'd']);
    expect(names({ fieldSelector: 'type=kubernetes.io/tls' })).toEqual(['a']);
    expect(names({ fieldSelector: 'type=' })).toEqual(['d']);
    expect(names({ fieldSelector: 'metadata.namespace=y' })).toEqual(['d']);
    expect(names({ fieldSelector: 'metadata.name=c' })).toEqual(['c']);
  });

  it('combines label and field selectors with AND', () => {
    expect(names({ labelSelector: 'istio/multiCluster=true' })).toEqual(['a']);
    expect(names({ labelSelector: 'istio/multiCluster=true', fieldSelector: 'metadata.name=b' })).toEqual([]);
    expect(names({})).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports what it can use to narrow a lookup', () => {
    const p = compilePredicate(secretDef, { fieldSelector: 'metadata.name=cm-a,metadata.namespace=x' });
    expect(p.exactName).toBe('cm-a');
    expect(p.exactNamespace).toBe('x');
    expect(p.empty).toBe(false);
    expect(compilePredicate(secretDef, {}).empty).toBe(true);
    expect(compilePredicate(secretDef, { fieldSelector: 'metadata.name!=a' }).exactName).toBeUndefined();
  });
});
