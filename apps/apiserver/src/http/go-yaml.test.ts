import { describe, expect, it } from 'vitest';
import { GoYamlError, parseGoYaml } from './go-yaml.js';

const errorOf = (text: string) => {
  try {
    parseGoYaml(text);
  } catch (err) {
    if (err instanceof GoYamlError) return err.message;
    throw err;
  }
  return undefined;
};

// Each input with the text sigs.k8s.io/yaml (go-yaml v2) prints for it (YAMLToJSONStrict).
const SYNTAX: Array<[string, string]> = [
  ['data: [unclosed', "yaml: line 1: did not find expected ',' or ']'"],
  ['data: [unclosed\n', "yaml: line 1: did not find expected ',' or ']'"],
  ['key: [a, b}', "yaml: did not find expected ',' or ']'"],
  ['a: {b: 1', "yaml: line 1: did not find expected ',' or '}'"],
  ['{"a" 1}', "yaml: did not find expected ',' or '}'"],
  ['{"data": ', 'yaml: line 1: did not find expected node content'],
  ['a: {', 'yaml: line 1: did not find expected node content'],
  ['a: b: c', 'yaml: mapping values are not allowed in this context'],
  ['a: b\n  c: d', 'yaml: line 2: mapping values are not allowed in this context'],
  ['a:\n\tb: 1', 'yaml: line 2: found character that cannot start any token'],
  ['\ta: 1', 'yaml: found character that cannot start any token'],
  ['@foo', 'yaml: found character that cannot start any token'],
  ['a: "unterminated', 'yaml: found unexpected end of stream'],
  ["a: 'x", 'yaml: found unexpected end of stream'],
  ['a:\n  b: 1\n c: 2', 'yaml: line 2: did not find expected key'],
  ['a: b\n- c', 'yaml: line 1: did not find expected key'],
  ['- a\nb: 1', "yaml: line 1: did not find expected '-' indicator"],
  ['a:\n  - b\n  c: d\n', "yaml: line 2: did not find expected '-' indicator"],
  ['"a\\x"', 'yaml: did not find expected hexdecimal number'],
  ['a: *b', "yaml: unknown anchor 'b' referenced"],
];

describe('parseGoYaml', () => {
  it("words syntax errors as go-yaml's", () => {
    for (const [input, message] of SYNTAX) expect(errorOf(input), input).toBe(message);
  });

  it('takes the last of repeated keys and reports each as go-yaml’s strict decoder', () => {
    const result = parseGoYaml('a: 1\na: 2\nb:\n  c: 1\n  c: 2\n');
    expect(result.value).toEqual({ a: 2, b: { c: 2 } });
    expect(result.duplicates).toEqual([
      'line 2: key "a" already set in map',
      'line 5: key "c" already set in map',
    ]);
    expect(parseGoYaml('{"a":1, "a": {"b":2}}').duplicates).toEqual(['line 1: key "a" already set in map']);
  });

  it('reads only the first document, as sigs.k8s.io/yaml', () => {
    expect(parseGoYaml('{"a":1}\n---\nb: 2').value).toEqual({ a: 1 });
  });
});
