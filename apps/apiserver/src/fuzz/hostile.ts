/** Hostile building blocks shared by the generators: names, keys, strings and JSON values. */
import fc from 'fast-check';

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** DNS-1123-ish names, the ones the fuzzer's seeds use, and a few that must be refused. */
export const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('fz-a', 'fz-b', 'fz-c') },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '..',
      '.',
      'A',
      '-x',
      '__proto__',
      'constructor',
      'a'.repeat(300),
      '%2e%2e',
      'x%00y',
    ),
  },
);

export const namespace = fc.oneof(
  { weight: 6, arbitrary: fc.constant('default') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('kube-system', 'higress-system', 'fz-ns', '__proto__', 'UPPER', ''),
  },
);

export const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    ...PROTO_KEYS,
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\uD800',
    '~1',
    '~0',
    '/',
    '$patch',
    '%',
    "'",
    '"',
    '\\',
  ),
);

/** Any JSON value, with prototype-named keys at any depth. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...PROTO_KEYS)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** An object that tries to reach a prototype through each of the given keys. */
export const pollutingObject = fc
  .record({ key: fc.constantFrom(...PROTO_KEYS), marker: fc.constantFrom('polluted', 'isAdmin', 'toString') })
  .map(
    ({ key, marker }) =>
      JSON.parse(`{"${key}":{"${marker}":"yes","prototype":{"${marker}":"yes"}}}`) as object,
  );
