/**
 * Keys of a stack config that the schema does not know, each with the closest known key at the
 * same place (a typo such as `hostPort` for `hostPorts` would otherwise be dropped silently and
 * its setting ignored). Walks the zod schema alongside the input: objects, defaults, optionals
 * and discriminated unions (the option the input's discriminator selects).
 */
import { closest } from 'fastest-levenshtein';

export interface UnknownKey {
  /** Dotted path of the unknown key, e.g. `storage.serverURL`. */
  path: string;
  key: string;
  /** The known key at that place nearest by edit distance. */
  closest: string;
}

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  in?: Schema;
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
}
interface Schema {
  _zod: { def: Def };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object schema under wrappers, or the union option the input selects. */
function objectSchemaFor(schema: Schema, input: Record<string, unknown>): Def | undefined {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object':
      return def;
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
      return def.innerType ? objectSchemaFor(def.innerType, input) : undefined;
    case 'pipe':
      return def.in ? objectSchemaFor(def.in, input) : undefined;
    case 'union': {
      const key = def.discriminator;
      if (!key) return undefined;
      for (const option of def.options ?? []) {
        const shape = objectSchemaFor(option, input);
        const literal = shape?.shape?.[key]?._zod.def;
        if (literal?.type === 'literal' && literal.values?.includes(input[key])) return shape;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

export function unknownKeys(schema: unknown, input: unknown, path: readonly string[] = []): UnknownKey[] {
  if (!isRecord(input)) return [];
  const def = objectSchemaFor(schema as Schema, input);
  if (!def?.shape) return [];
  const known = Object.keys(def.shape);
  const out: UnknownKey[] = [];
  for (const [key, value] of Object.entries(input)) {
    const child = def.shape[key];
    if (!child) out.push({ path: [...path, key].join('.'), key, closest: closest(key, known) });
    else out.push(...unknownKeys(child, value, [...path, key]));
  }
  return out;
}
