/**
 * A fast YAML emitter for JSON data (objects, arrays, strings, numbers, booleans, null), used for
 * every value the file driver writes: block style, two-space indent, keys in insertion order.
 * About ten times faster than the `yaml` package's document model, which matters because values
 * are serialised on every write. Strings are plain only when no YAML 1.1 or 1.2 reader (Go's
 * yaml.v2 included) can take them for anything else; multi-line strings become literal blocks;
 * everything else is double-quoted with JSON escapes, which YAML double-quoted scalars accept.
 */
export function emitYaml(value: unknown): string {
  if (!isBlockCollection(value)) return `${scalar(value, '')}\n`;
  // One array of lines for the whole document, joined once: nested blocks are not re-copied.
  const lines: string[] = [];
  emitBlock(value, '', lines);
  return `${lines.join('\n')}\n`;
}

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@-]*$/;
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
/** Printable text without CR or line separators: what a literal block can carry verbatim. */
function literalSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (
      (c < 0x20 && c !== 0x0a && c !== 0x09) ||
      c === 0x7f ||
      c === 0x85 ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff
    ) {
      return false;
    }
  }
  return true;
}

function isBlockCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) if (Object.hasOwn(value, key) && definedAt(value, key)) return true;
  return false;
}

function definedAt(obj: object, key: string): boolean {
  return (obj as Record<string, unknown>)[key] !== undefined;
}

/** Appends the block's lines (a literal block scalar is one multi-line entry) to `lines`. */
function emitBlock(value: Record<string, unknown> | unknown[], indent: string, lines: string[]): void {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isBlockCollection(item)) {
        // `- ` then the first line of the nested block on the same line, the rest indented by two.
        const first = lines.length;
        emitBlock(item, inner, lines);
        lines[first] = `${indent}- ${(lines[first] as string).slice(inner.length)}`;
      } else {
        lines.push(`${indent}- ${scalar(item ?? null, inner)}`);
      }
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue;
    if (isBlockCollection(item)) {
      lines.push(`${indent}${keyText(key)}:`);
      emitBlock(item, inner, lines);
    } else {
      lines.push(`${indent}${keyText(key)}: ${scalar(item, inner)}`);
    }
  }
}

/** Keys repeat across objects (metadata, managedFields' `f:` paths): their form is memoised. */
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = plainOrQuoted(key);
    if (keyTexts.size >= 10_000) keyTexts.clear();
    keyTexts.set(key, text);
  }
  return text;
}

function scalar(value: unknown, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringScalar(value, indent);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  return 'null';
}

function stringScalar(value: string, indent: string): string {
  const block = value.includes('\n') && literalSafe(value) && !/^\s|[ \t]\n|[ \t]$/.test(value);
  return block ? literalBlock(value, indent) : plainOrQuoted(value);
}

/** `|` block: clip one trailing newline, strip none (`|-`), keep several (`|+`). */
function literalBlock(value: string, indent: string): string {
  const content = value.replace(/\n+$/, '');
  const trailing = value.length - content.length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const lines = content.split('\n').map((line) => (line === '' ? '' : indent + line));
  // The line break after the block comes from the enclosing collection; `+` keeps the others.
  return `|${chomp}\n${lines.join('\n')}${'\n'.repeat(Math.max(0, trailing - 1))}`;
}

function plainOrQuoted(value: string): string {
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}
