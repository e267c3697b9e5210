import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitYaml } from './yaml-emit.js';

describe('emitYaml', () => {
  it.each([
    [
      'reserved words and number-like strings stay strings',
      { a: 'yes', b: 'No', c: '1', d: '0x10', e: '~', f: 'null', g: '.inf' },
    ],
    [
      'indicators and spaces are quoted',
      {
        a: 'a b',
        b: 'a: b',
        c: '#x',
        d: '- x',
        e: '*r',
        f: '&a',
        g: '!t',
        h: '%x',
        i: '@x',
        j: '"q"',
        k: "'s'",
      },
    ],
    ['odd keys', { 'key with space': 1, 'k:': 2, '': 3, 'a.yaml': 4 }],
    [
      'multi-line strings with any number of trailing newlines',
      {
        a: 'l1\nl2',
        b: 'l1\nl2\n',
        c: 'l1\nl2\n\n\n',
        d: 'a\n\nb',
        e: '\n',
        f: 'x\n  y\n',
        g: '\n\n',
        h: 'x\n\n\ny',
        i: [['a\nb\n']],
      },
    ],
    [
      'strings a literal block cannot hold',
      { a: ' lead\nx', b: 'trail \nx', c: '\r\n', d: '\u2028', e: 'tab\tx', f: '  \nx' },
    ],
    [
      'numbers, booleans, null and empty collections',
      { a: [1, 2.5, -3, 1e21, true, false, null], b: [], c: {}, d: [[], {}] },
    ],
    ['nested sequences and mappings', { s: [{ a: 1, b: [{ c: 'd' }] }, 'x', [1, [2]]], m: { e: { f: {} } } }],
    ['top-level scalars and collections', ['x', 5, null]],
    ['unicode', { a: 'é ü 漢字' }],
  ])('round-trips %s through a YAML parser', (_what, value) => {
    expect(parse(emitYaml(value))).toEqual(value);
  });

  it('writes a readable block document', () => {
    const text = emitYaml({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { app: 'a' } },
      data: { mesh: 'a: 1\nb: 2\n' },
    });
    expect(text).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: a\ndata:\n  mesh: |\n    a: 1\n    b: 2\n',
    );
  });

  it('puts the first line of a block nested in a sequence on the dash line', () => {
    expect(emitYaml({ s: [[1, [2, 3]], { a: 1, b: { c: 2 } }, 'x'] })).toBe(
      's:\n  - - 1\n    - - 2\n      - 3\n  - a: 1\n    b:\n      c: 2\n  - x\n',
    );
  });
});
