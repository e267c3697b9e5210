/**
 * A strict reader for exactly the YAML that `emitYaml` writes (block mappings and sequences with
 * two-space indents, plain strings of the emitter's safe alphabet, JSON double-quoted strings,
 * JSON numbers, true/false/null, [] and {}, literal blocks `|`, `|-`, `|+`). About fifty times
 * faster than the `yaml` package, whose ~0.7 ms per stored ConfigMap made decoding 100,000 files
 * take over a minute.
 *
 * It never guesses: on anything outside that grammar (a comment, a flow collection, a tab indent,
 * an anchor, a duplicate key, a document marker...) it returns undefined and the caller falls back
 * to the `yaml` package, so hand-written files keep their full YAML meaning. Every construct it
 * accepts means the same in YAML 1.2 core (what the fallback reads), which
 * `yaml-parse.test.ts` checks against the `yaml` package on random documents.
 */

const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@-]*$/;

/** A plain scalar of the emitter's alphabet that YAML does not read as a boolean or null. */
function isPlain(text: string): boolean {
  return PLAIN.test(text) && (text.length > 5 || !RESERVED.test(text));
}
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

class NotEmitted extends Error {}
const reject = (): never => {
  throw new NotEmitted();
};

/** The value of an emitted YAML mapping document, or undefined when the text is not one. */
export function parseEmittedYaml(text: string): Record<string, unknown> | undefined {
  if (!text.endsWith('\n') || text.includes('\r')) return undefined;
  const lines = text.slice(0, -1).split('\n');
  const reader = new Reader(lines);
  try {
    if (lines.length === 0 || indentOf(lines[0]!) !== 0 || lines[0]!.startsWith('- ')) return undefined;
    const value = reader.mapping(0, lines[0]!);
    return reader.pos === lines.length ? value : undefined;
  } catch (err) {
    if (err instanceof NotEmitted) return undefined;
    throw err;
  }
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 0x20) i++;
  return i;
}

class Reader {
  pos = 0;
  constructor(private readonly lines: string[]) {}

  /**
   * A mapping whose entries sit at `indent`; `first` is the text of its first entry (the current
   * line without its indent, or the rest of a `- ` line).
   */
  mapping(indent: number, first: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let text: string | undefined = first.slice(indent);
    while (text !== undefined) {
      const { key, rest } = splitKey(text);
      if (key === '__proto__' || Object.hasOwn(out, key)) reject();
      this.pos++;
      out[key] = rest === undefined ? this.nested(indent + 2) : this.scalar(rest, indent + 2);
      text = this.entryAt(indent);
      if (text?.startsWith('- ')) reject();
    }
    return out;
  }

  sequence(indent: number, first: string): unknown[] {
    const out: unknown[] = [];
    let text: string | undefined = first.slice(indent);
    while (text !== undefined) {
      if (!text.startsWith('- ')) reject();
      const rest = text.slice(2);
      const inner = indent + 2;
      if (rest.startsWith('- ')) {
        out.push(this.sequence(inner, ' '.repeat(inner) + rest));
      } else if (isKeyLine(rest)) {
        out.push(this.mapping(inner, ' '.repeat(inner) + rest));
      } else {
        this.pos++;
        out.push(this.scalar(rest, inner));
      }
      text = this.entryAt(indent);
    }
    return out;
  }

  /** The block below a `key:` line: a mapping or sequence indented by exactly `indent`. */
  nested(indent: number): unknown {
    const line = this.lines[this.pos];
    if (line === undefined || indentOf(line) !== indent) reject();
    const text = line!.slice(indent);
    return text.startsWith('- ') ? this.sequence(indent, line!) : this.mapping(indent, line!);
  }

  /** The next line's text when it continues the collection at `indent`; undefined when it ends it. */
  entryAt(indent: number): string | undefined {
    const line = this.lines[this.pos];
    if (line === undefined) return undefined;
    const at = indentOf(line);
    if (at === indent) return line.slice(indent);
    if (at > indent || line.length === at) reject();
    return undefined;
  }

  /** A scalar after `key: ` or `- `; `indent` is where a literal block's lines start. */
  scalar(text: string, indent: number): unknown {
    if (text.startsWith('|')) return this.literal(text, indent);
    return scalarValue(text);
  }

  literal(header: string, indent: number): string {
    if (header !== '|' && header !== '|-' && header !== '|+') reject();
    const prefix = ' '.repeat(indent);
    const content: string[] = [];
    let trailingEmpty = 0;
    for (; this.pos < this.lines.length; this.pos++) {
      const line = this.lines[this.pos]!;
      if (line === '') {
        trailingEmpty++;
        continue;
      }
      if (!line.startsWith(prefix)) break;
      // The emitter writes no trailing blanks (YAML would fold a blank-only line into the chomping).
      const last = line.charCodeAt(line.length - 1);
      if (last === 0x20 || last === 0x09) reject();
      for (; trailingEmpty > 0; trailingEmpty--) content.push('');
      content.push(line.slice(indent));
    }
    // The emitter never starts a block with spaces, an empty line or an empty block.
    if (content.length === 0 || /^[ \t]/.test(content[0]!)) reject();
    if (trailingEmpty > 0 && header !== '|+') reject();
    const body = content.join('\n');
    if (header === '|-') return body;
    if (header === '|') return `${body}\n`;
    return `${body}\n${'\n'.repeat(trailingEmpty)}`;
  }
}

function isKeyLine(text: string): boolean {
  try {
    splitKey(text);
    return true;
  } catch {
    return false;
  }
}

/** `key: value` or `key:`; the key plain or a JSON string. */
function splitKey(text: string): { key: string; rest: string | undefined } {
  let key: string;
  let after: number;
  if (text.charCodeAt(0) === 0x22) {
    const end = quotedEnd(text);
    key = parseQuoted(text, end);
    after = end;
  } else {
    after = text.indexOf(':');
    if (after <= 0) reject();
    key = text.slice(0, after);
    if (!isPlain(key)) reject();
  }
  if (text.charCodeAt(after) !== 0x3a) reject();
  if (after + 1 === text.length) return { key, rest: undefined };
  if (text.charCodeAt(after + 1) !== 0x20 || after + 2 === text.length) reject();
  return { key, rest: text.slice(after + 2) };
}

/** The index just past the closing quote of the JSON string starting `text`. */
function quotedEnd(text: string): number {
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return reject();
}

/**
 * The JSON string `text.slice(0, end)`. Without escapes or control characters its content is the
 * text between the quotes (what JSON.parse would answer), which most emitted strings are.
 */
function parseQuoted(text: string, end: number): string {
  let plain = true;
  for (let i = 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c < 0x20) {
      plain = false;
      break;
    }
  }
  if (plain) return text.slice(1, end - 1);
  try {
    return JSON.parse(text.slice(0, end)) as string;
  } catch {
    return reject();
  }
}

function scalarValue(text: string): unknown {
  switch (text) {
    case 'null':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    case '[]':
      return [];
    case '{}':
      return {};
  }
  const c = text.charCodeAt(0);
  if (c === 0x22) {
    if (quotedEnd(text) !== text.length) reject();
    return parseQuoted(text, text.length);
  }
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
    if (!NUMBER.test(text)) reject();
    const n = Number(text);
    // YAML 1.2 reads `1e400` as infinity too, but keep to what JSON can hold.
    return Number.isFinite(n) ? n : reject();
  }
  if (isPlain(text)) return text;
  return reject();
}
