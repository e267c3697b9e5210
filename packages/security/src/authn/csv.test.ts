import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from './csv.js';

describe('parseCsv (Go encoding/csv semantics)', () => {
  it('splits plain records and skips empty lines', () => {
    expect(parseCsv('a,b,c\n\nd,e\n')).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    expect(parseCsv('t,"u, v","say ""hi""","x\ny"')).toEqual([['t', 'u, v', 'say "hi"', 'x\ny']]);
  });

  it('normalises CRLF and keeps a last line without newline', () => {
    expect(parseCsv('a,b\r\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps leading spaces and empty fields', () => {
    expect(parseCsv(' a,,c,')).toEqual([[' a', '', 'c', '']]);
  });

  it('rejects a bare quote in an unquoted field', () => {
    expect(() => parseCsv('ab"c,d')).toThrow(CsvError);
    expect(() => parseCsv('ab"c,d')).toThrow(/bare "/);
  });

  it('rejects text after a closing quote and an unterminated quote, naming the line', () => {
    expect(() => parseCsv('ok,1\n"a"b,c')).toThrow(/line 2: extraneous or missing "/);
    expect(() => parseCsv('"abc')).toThrow(/extraneous or missing "/);
  });
});
