/**
 * A JSON scanner with the texts of Go's encoding/json, for what JSON.parse does not tell: the
 * SyntaxError message kube-apiserver returns for a malformed body (encoding/json scanner.go:
 * `invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`) and
 * the keys an object repeats, which sigs.k8s.io/json UnmarshalStrict reports as
 * `duplicate field "data.k"` (the path as the strict decoder writes it: keys joined by `.`,
 * array indices in brackets).
 *
 * Why our own and not a library: no npm JSON parser reports Go's texts, and the body path stays
 * on the native JSON.parse; this scanner runs only when JSON.parse fails (for the message) or
 * when a body may hold a repeated key (see `mayRepeatKeys`).
 */

export interface GoJsonScan {
  /** Go's SyntaxError text, when the input is not valid JSON. */
  syntaxError?: string;
  /** The repeated keys, as strict decoding paths, in the order met. */
  duplicates: string[];
}

/** A character as Go's scanner quotes it (scanner.go quoteChar). */
export function goQuoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  // Go's scanner reads bytes: a non-ASCII character is quoted as its first UTF-8 byte's rune.
  const first = Buffer.from(c, 'utf8')[0] ?? 0;
  const q = goQuote(String.fromCharCode(first));
  return `'${q.slice(1, -1)}'`;
}

/** strconv.Quote for the common cases: printable text kept, control characters escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if ((cp >= 0x80 && cp < 0xa0) || cp === 0xad || cp === 0x2028 || cp === 0x2029)
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

class Stop {
  constructor(readonly message: string) {}
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** encoding/json scanner.go maxNestingDepth. */
const MAX_DEPTH = 10000;

interface Frame {
  object: boolean;
  path: string;
  seen?: Set<string>;
  n: number;
}

class Scanner {
  private i = 0;
  readonly duplicates: string[] = [];
  constructor(private readonly s: string) {}

  private fail(context: string): never {
    if (this.i >= this.s.length) throw new Stop('unexpected end of JSON input');
    const ch = String.fromCodePoint(this.s.codePointAt(this.i) ?? 0);
    throw new Stop(`invalid character ${goQuoteChar(ch)} ${context}`);
  }

  private skipSpace(): void {
    while (this.i < this.s.length && isSpace(this.s.charCodeAt(this.i))) this.i++;
  }

  scanTop(): void {
    this.skipSpace();
    this.values();
    this.skipSpace();
    if (this.i < this.s.length) this.fail('after top-level value');
  }

  /**
   * One value, containers included, without recursion (a deeply nested body must not exhaust the
   * stack): Go's scanner refuses nesting deeper than 10000 with "exceeded max depth".
   */
  private values(): void {
    const stack: Frame[] = [];
    let path = '';
    for (;;) {
      // A value starts here.
      const c = this.s.charCodeAt(this.i);
      let opened: Frame | undefined;
      if (c === 0x7b || c === 0x5b) {
        if (stack.length >= MAX_DEPTH) throw new Stop('exceeded max depth');
        this.i++;
        this.skipSpace();
        const close = c === 0x7b ? 0x7d : 0x5d;
        if (this.s.charCodeAt(this.i) === close) this.i++;
        else {
          opened = c === 0x7b ? { object: true, path, seen: new Set(), n: 0 } : { object: false, path, n: 0 };
          stack.push(opened);
        }
      } else if (c === 0x22) this.string();
      else if (c === 0x2d || isDigit(c)) this.number();
      else if (c === 0x74) this.literal('true');
      else if (c === 0x66) this.literal('false');
      else if (c === 0x6e) this.literal('null');
      else this.fail('looking for beginning of value');

      // After a value: the next key or element of the enclosing container, or its end.
      let frame = stack.at(-1);
      if (!frame) return;
      if (opened) {
        path = this.enter(frame);
        continue;
      }
      for (;;) {
        this.skipSpace();
        const next = this.s.charCodeAt(this.i);
        if (next === 0x2c) {
          this.i++;
          this.skipSpace();
          frame.n++;
          path = this.enter(frame);
          break;
        }
        if (next === (frame.object ? 0x7d : 0x5d)) {
          this.i++;
          stack.pop();
          frame = stack.at(-1);
          if (!frame) return;
          continue;
        }
        this.fail(frame.object ? 'after object key:value pair' : 'after array element');
      }
    }
  }

  /** Reads up to the next value of `frame` (a key and its colon in an object); returns its path. */
  private enter(frame: Frame): string {
    if (!frame.object) return `${frame.path}[${frame.n}]`;
    if (this.s.charCodeAt(this.i) !== 0x22) this.fail('looking for beginning of object key string');
    const start = this.i;
    this.string();
    const raw = this.s.slice(start, this.i);
    const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    const field = frame.path ? `${frame.path}.${key}` : key;
    if (frame.seen?.has(key)) this.duplicates.push(field);
    else frame.seen?.add(key);
    this.skipSpace();
    if (this.s.charCodeAt(this.i) !== 0x3a) this.fail('after object key');
    this.i++;
    this.skipSpace();
    return field;
  }

  private string(): void {
    const s = this.s;
    this.i++;
    for (;;) {
      if (this.i >= s.length) this.fail('');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        this.i++;
        return;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c === 0x5c) {
        this.i++;
        const e = s.charCodeAt(this.i);
        if (this.i >= s.length) this.fail('');
        if (e === 0x75) {
          this.i++;
          for (let k = 0; k < 4; k++, this.i++) {
            if (this.i >= s.length) this.fail('');
            if (!isHex(s.charCodeAt(this.i))) this.fail('in \\u hexadecimal character escape');
          }
          continue;
        }
        if (!'"\\/bfnrt'.includes(s[this.i] ?? '')) this.fail('in string escape code');
      }
      this.i++;
    }
  }

  private number(): void {
    const s = this.s;
    if (s.charCodeAt(this.i) === 0x2d) {
      this.i++;
      if (!isDigit(s.charCodeAt(this.i))) this.fail('in numeric literal');
    }
    if (s.charCodeAt(this.i) === 0x30) this.i++;
    else while (isDigit(s.charCodeAt(this.i))) this.i++;
    if (s.charCodeAt(this.i) === 0x2e) {
      this.i++;
      if (!isDigit(s.charCodeAt(this.i))) this.fail('after decimal point in numeric literal');
      while (isDigit(s.charCodeAt(this.i))) this.i++;
    }
    const e = s.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const sign = s.charCodeAt(this.i);
      if (sign === 0x2b || sign === 0x2d) this.i++;
      if (!isDigit(s.charCodeAt(this.i))) this.fail('in exponent of numeric literal');
      while (isDigit(s.charCodeAt(this.i))) this.i++;
    }
  }

  private literal(word: string): void {
    this.i++;
    for (let k = 1; k < word.length; k++, this.i++) {
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting '${word[k]}')`);
    }
  }
}

/** Scans `text` as Go's encoding/json would: its syntax error, if any, and the repeated keys. */
export function scanGoJson(text: string): GoJsonScan {
  const scanner = new Scanner(text);
  try {
    scanner.scanTop();
    return { duplicates: scanner.duplicates };
  } catch (err) {
    if (err instanceof Stop) return { syntaxError: err.message, duplicates: scanner.duplicates };
    throw err;
  }
}

/**
 * Whether a body JSON.parse accepted may repeat a key, without scanning it again: each key of the
 * text is followed by one `:` outside strings, so the text's colons are its keys plus the colons
 * inside its strings. When they equal the parsed value's keys plus the colons of its strings, no
 * key was lost to a repeat (unless a colon was written as `\u003a`, which then asks for a scan).
 */
export function mayRepeatKeys(text: string, parsed: unknown): boolean {
  const colons = countColons(text);
  if (colons === 0) return false;
  if (text.includes('\\u003')) return true;
  return colons !== colonsOf(parsed);
}

function countColons(s: string): number {
  let n = 0;
  for (let at = s.indexOf(':'); at !== -1; at = s.indexOf(':', at + 1)) n++;
  return n;
}

/** The keys of `value` plus the colons in its keys and strings. */
function colonsOf(value: unknown): number {
  if (typeof value === 'string') return countColons(value);
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const item of v) {
        if (typeof item === 'string') n += countColons(item);
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      n += keys.length;
      for (const key of keys) {
        n += countColons(key);
        const child = (v as Record<string, unknown>)[key];
        if (typeof child === 'string') n += countColons(child);
        else if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }
  return n;
}
