/**
 * A CSV reader with the semantics of Go's encoding/csv `Reader` in its default configuration
 * (comma `,`, no comment character, no TrimLeadingSpace, no LazyQuotes, FieldsPerRecord = -1), which
 * kube-apiserver uses for --token-auth-file: CRLF is read as LF, empty lines are skipped, quoted
 * fields may contain commas, newlines and doubled quotes, a bare quote in an unquoted field or text
 * after a closing quote is an error.
 */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`parse error on line ${line}: ${reason}`);
  }
}

export function parseCsv(input: string): string[][] {
  const text = input.replace(/\r\n/g, '\n');
  const records: string[][] = [];
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    if (text[pos] === '\n') {
      pos++;
      line++;
      continue; // empty line
    }
    const record: string[] = [];
    const recordLine = line;
    for (;;) {
      if (text[pos] === '"') {
        // quoted field
        pos++;
        let field = '';
        for (;;) {
          const q = text.indexOf('"', pos);
          if (q === -1) throw new CsvError(recordLine, 'extraneous or missing " in quoted-field');
          const chunk = text.slice(pos, q);
          line += chunk.split('\n').length - 1;
          field += chunk;
          pos = q + 1;
          const next = text[pos];
          if (next === '"') {
            field += '"';
            pos++;
          } else if (next === ',' || next === '\n' || next === undefined) {
            break;
          } else {
            throw new CsvError(line, 'extraneous or missing " in quoted-field');
          }
        }
        record.push(field);
      } else {
        let end = pos;
        while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++;
        const field = text.slice(pos, end);
        if (field.includes('"')) throw new CsvError(line, 'bare " in non-quoted-field');
        record.push(field);
        pos = end;
      }
      const sep = text[pos];
      if (sep === ',') {
        pos++;
        continue;
      }
      if (sep === '\n') {
        pos++;
        line++;
      }
      break;
    }
    records.push(record);
  }
  return records;
}
