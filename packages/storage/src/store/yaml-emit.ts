/**
 * A fast YAML emitter for JSON data (objects, arrays, strings, numbers, booleans, null), used for
 * every value the file driver writes: block style, two-space indent, keys in insertion order.
 * About ten times faster than the `yaml` package's document model, which matters because values
 * are serialised on every write. Strings are plain only when no YAML 1.1 or 1.2 reader (Go's
 * yaml.v2 included) can take them for anything else; multi-line strings become literal blocks;
 * everything else is double-quoted with JSON escapes, which YAML double-quoted scalars accept.
 */
export function emitYaml(value: unknown): string {
  if (isBlockCollection(value)) return `${emitBlock(value, '')}\n`;
  return `${scalar(value, '')}\n`;
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
  return typeof value === 'object' && value !== null && Object.keys(value).some((k) => definedAt(value, k));
}

function definedAt(obj: object, key: string): boolean {
  return (obj as Record<string, unknown>)[key] !== undefined;
}

function emitBlock(value: Record<string, unknown> | unknown[], indent: string): string {
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isBlockCollection(item)) {
        // `- ` then the first line of the nested block on the same line, the rest indented by two.
        lines.push(`${indent}- ${emitBlock(item, `${indent}  `).slice(indent.length + 2)}`);
      } else {
        lines.push(`${indent}- ${scalar(item ?? null, `${indent}  `)}`);
      }
    }
    return lines.join('\n');
  }
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue;
    if (isBlockCollection(item)) {
      lines.push(`${indent}${plainOrQuoted(key)}:\n${emitBlock(item, `${indent}  `)}`);
    } else {
      lines.push(`${indent}${plainOrQuoted(key)}: ${scalar(item, `${indent}  `)}`);
    }
  }
  return lines.join('\n');
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
