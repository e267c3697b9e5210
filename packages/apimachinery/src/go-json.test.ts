import { describe, expect, it } from 'vitest';
import { mayRepeatKeys, scanGoJson } from './go-json.js';

// Each input with the text Go's encoding/json (json.Unmarshal) prints for it.
const SYNTAX: Array<[string, string]> = [
  ['{"data": ', 'unexpected end of JSON input'],
  ['', 'unexpected end of JSON input'],
  ['x', "invalid character 'x' looking for beginning of value"],
  ['{"a" 1}', "invalid character '1' after object key"],
  ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
  ['{"a":1}}', "invalid character '}' after top-level value"],
  ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
  ['{"a":"\\u12"}', "invalid character '\"' in \\u hexadecimal character escape"],
  ['{"a":01}', "invalid character '1' after object key:value pair"],
  ['- a\nb: 1', "invalid character ' ' in numeric literal"],
  ['"a\\x"', "invalid character 'x' in string escape code"],
  ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
  ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
  ['{"a":"\t"}', "invalid character '\\t' in string literal"],
  ['\u00e9', "invalid character '\u00c3' looking for beginning of value"],
  ['{"a":[1,]}', "invalid character ']' looking for beginning of value"],
  ['[1 2]', "invalid character '2' after array element"],
  ['{"a":1}\n---', "invalid character '-' after top-level value"],
];

describe('scanGoJson', () => {
  it("reports Go's SyntaxError texts", () => {
    for (const [input, message] of SYNTAX) expect(scanGoJson(input).syntaxError, input).toBe(message);
  });

  it('reports repeated keys as the strict decoder names them', () => {
    expect(scanGoJson('{"data":{"k":"v","k":"w"}}')).toEqual({ duplicates: ['data.k'] });
    expect(scanGoJson('{"spec":{"containers":[{"name":"a","name":"b"}]}}').duplicates).toEqual([
      'spec.containers[0].name',
    ]);
    expect(scanGoJson('{"a":1, "a": {"b":2,"b":3}}').duplicates).toEqual(['a', 'a.b']);
    expect(scanGoJson('{"a\\u0062":1,"ab":2}').duplicates).toEqual(['ab']);
  });

  it('refuses nesting deeper than Go’s limit without exhausting the stack', () => {
    expect(scanGoJson('['.repeat(20_000)).syntaxError).toBe('exceeded max depth');
    expect(scanGoJson(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)).toEqual({ duplicates: [] });
  });
});

describe('mayRepeatKeys', () => {
  const check = (text: string) => mayRepeatKeys(text, JSON.parse(text));
  it('clears bodies whose colons are all accounted for, and never misses a repeated key', () => {
    expect(check('{"image":"nginx:1.25","t":"10:00","m":{"a:b":"c"}}')).toBe(false);
    expect(check('{"a":1,"a":2}')).toBe(true);
    expect(check('{"a":{"x":"1:2"},"a":{"y":"3"}}')).toBe(true);
    expect(check('{"a":"\\u003a","b":1}')).toBe(true);
    expect(check('[1,2,3]')).toBe(false);
  });
});
