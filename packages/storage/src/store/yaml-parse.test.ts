import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitYaml } from './yaml-emit.js';
import { parseEmittedYaml } from './yaml-parse.js';

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  'Z',
  '0',
  '9',
  '-',
  '_',
  '.',
  '/',
  '@',
  ' ',
  ':',
  '#',
  '\n',
  '\t',
  '"',
  "'",
  '\\',
  'é',
  '|',
  '>',
  '~',
  'yes',
  'null',
  '1e3',
  '{',
  '[',
  '*',
  '&',
  '!',
  '%',
  '\r',
  '\u2028',
];

function randomString(next: () => number): string {
  const n = Math.floor(next() * 8);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.45) {
    const k = next();
    if (k < 0.6) return randomString(next);
    if (k < 0.75) return Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 1000);
    if (k < 0.85) return next() < 0.5;
    return null;
  }
  const size = Math.floor(next() * 4);
  if (r < 0.7) return Array.from({ length: size }, () => randomValue(next, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) obj[randomString(next)] = randomValue(next, depth + 1);
  return obj;
}

function yamlOrError(text: string): { value?: unknown; error?: true } {
  try {
    return { value: parse(text, { logLevel: 'error' }) };
  } catch {
    return { error: true };
  }
}

describe('parseEmittedYaml', () => {
  it('reads what emitYaml writes exactly as the yaml package does (10,000 random documents)', () => {
    const next = random(1);
    let read = 0;
    for (let i = 0; i < 10_000; i++) {
      const value = { metadata: { name: 'x' }, v: randomValue(next, 0) };
      const text = emitYaml(value);
      const fast = parseEmittedYaml(text);
      expect(fast, text).toEqual(parse(text));
      if (fast !== undefined) read++;
    }
    // Every emitted mapping document is within its grammar.
    expect(read).toBe(10_000);
  });

  it('never disagrees with the yaml package on edited text: it answers the same or declines', () => {
    const next = random(2);
    let declined = 0;
    for (let i = 0; i < 10_000; i++) {
      const text = emitYaml({ metadata: { name: 'x' }, v: randomValue(next, 0) });
      // A hand edit: replace, insert or delete one character somewhere.
      const at = Math.floor(next() * text.length);
      const piece = PIECES[Math.floor(next() * PIECES.length)]!;
      const mode = next();
      const edited =
        mode < 0.33
          ? text.slice(0, at) + piece + text.slice(at + 1)
          : mode < 0.66
            ? text.slice(0, at) + piece + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1);
      const fast = parseEmittedYaml(edited);
      const reference = yamlOrError(edited);
      if (fast === undefined) {
        declined++;
        continue;
      }
      expect(reference.error, edited).toBeUndefined();
      expect(fast, edited).toEqual(reference.value);
    }
    expect(declined).toBeGreaterThan(0);
  });

  it.each([
    ['a comment', 'a: b # c\n'],
    ['a flow mapping', 'a: {b: 1}\n'],
    ['an anchor', 'a: &x b\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a document marker', '---\na: 1\n'],
    ['a sequence at the key indent', 'a:\n- 1\n'],
    ['a tab indent', 'a:\n\tb: 1\n'],
    ['a plain word YAML 1.1 reads as a boolean', 'a: yes\n'],
    ['a missing final newline', 'a: 1'],
    ['CRLF line ends', 'a: 1\r\n'],
    ['a __proto__ key', '__proto__: 1\n'],
  ])('declines %s', (_what, text) => {
    expect(parseEmittedYaml(text)).toBeUndefined();
  });
});
