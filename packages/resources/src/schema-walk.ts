/**
 * Walks zod schemas alongside JSON values: finds fields a schema does not declare (strict field
 * validation) and renders issue paths the way Kubernetes field paths look (`spec.ports[0].port`,
 * `data[key]` for map keys). Relies on the schema conventions stated in schemas/common.ts.
 */
import type { z } from 'zod';

type Schema = z.core.$ZodType;

/** The parts of zod's internal definition the walker reads. */
interface SchemaDef {
  type: string;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  valueType?: Schema;
  innerType?: Schema;
  in?: Schema;
  getter?: () => Schema;
  options?: readonly Schema[];
  left?: Schema;
  right?: Schema;
}

function defOf(schema: Schema): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Strips optional/nullable/default/pipe/lazy wrappers down to the schema that shapes the value. */
export function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else return current;
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when the schema accepts any JSON without declaring its fields (free-form). */
function isFreeForm(schema: Schema): boolean {
  const type = defOf(unwrap(schema)).type;
  return type === 'unknown' || type === 'any';
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function collectUnknown(schema: Schema, value: unknown, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value)) return;
      const shape = def.shape ?? {};
      const catchall = def.catchall;
      for (const [key, child] of Object.entries(value)) {
        const declared = Object.hasOwn(shape, key) ? shape[key] : undefined;
        if (declared) collectUnknown(declared, child, join(path, key), out);
        else if (catchall && defOf(catchall).type !== 'never') {
          if (!isFreeForm(catchall)) collectUnknown(catchall, child, join(path, key), out);
        } else out.push(join(path, key));
      }
      return;
    }
    case 'array':
      if (Array.isArray(value) && def.element) {
        const element = def.element;
        value.forEach((item, index) => {
          collectUnknown(element, item, `${path}[${index}]`, out);
        });
      }
      return;
    case 'record':
      if (isPlainObject(value) && def.valueType && !isFreeForm(def.valueType)) {
        const valueType = def.valueType;
        for (const [key, child] of Object.entries(value))
          collectUnknown(valueType, child, join(path, key), out);
      }
      return;
    case 'union': {
      const option = bestOption(def.options ?? [], value);
      if (option) collectUnknown(option, value, path, out);
      return;
    }
    case 'intersection':
      if (def.left && def.right) {
        const left: string[] = [];
        const right: string[] = [];
        collectUnknown(def.left, value, path, left);
        collectUnknown(def.right, value, path, right);
        out.push(...left.filter((field) => right.includes(field)));
      }
      return;
    default:
      return;
  }
}

/** Dot/bracket paths of every field of `value` that `schema` does not declare, in document order. */
export function unknownFieldPaths(schema: Schema, value: unknown): string[] {
  const out: string[] = [];
  collectUnknown(schema, value, '', out);
  return out;
}

/**
 * Renders a zod issue path as a Kubernetes field path: object keys joined by dots, list indexes
 * as `[i]`, map keys as `[key]` (k8s.io/apimachinery/pkg/util/validation/field.Path).
 */
export function fieldPath(schema: Schema, segments: readonly PropertyKey[]): string {
  let path = '';
  let current: Schema | undefined = schema;
  for (const segment of segments) {
    const key = String(segment);
    const def: SchemaDef | undefined = current ? defOf(unwrap(current)) : undefined;
    if (def?.type === 'record') {
      path += `[${key}]`;
      current = def.valueType;
    } else if (def?.type === 'array' || typeof segment === 'number') {
      path += `[${key}]`;
      current = def?.element;
    } else {
      path = join(path, key);
      current = def ? childOf(def, key) : undefined;
    }
  }
  return path;
}

function childOf(def: SchemaDef, key: string): Schema | undefined {
  if (def.type === 'object')
    return (def.shape && Object.hasOwn(def.shape, key) ? def.shape[key] : undefined) ?? def.catchall;
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const optionDef = defOf(unwrap(option));
      const child = childOf(optionDef, key);
      if (child) return child;
    }
  }
  return undefined;
}

/** The schema that shapes the value at an issue path, if the path can be followed. */
export function schemaAt(schema: Schema, segments: readonly PropertyKey[]): Schema | undefined {
  let current: Schema | undefined = schema;
  for (const segment of segments) {
    if (!current) return undefined;
    const def = defOf(unwrap(current));
    if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else current = childOf(def, String(segment));
  }
  return current;
}

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/** The JSON type name a schema expects (`integer` for zod numbers with an int format). */
export function expectedTypeName(schema: Schema): string | undefined {
  const def = schema._zod.def as unknown as { type: string; checks?: readonly Schema[] };
  const inner = defOf(unwrap(schema));
  if (inner.type === 'number') {
    const checks =
      (unwrap(schema)._zod.def as unknown as { checks?: readonly Schema[] }).checks ?? def.checks ?? [];
    const integer = checks.some((check) =>
      INTEGER_FORMATS.has(String((check._zod.def as { format?: unknown }).format)),
    );
    return integer ? 'integer' : 'number';
  }
  if (inner.type === 'record') return 'object';
  if (inner.type === 'enum' || inner.type === 'literal') return 'string';
  return inner.type;
}

/** The options of a union schema (after unwrapping). */
export function unionOptions(schema: Schema): readonly Schema[] {
  const def = defOf(unwrap(schema));
  return def.type === 'union' ? (def.options ?? []) : [];
}

/** The union option a value fits best: the first with no unknown field, else the fewest. */
function bestOption(options: readonly Schema[], value: unknown): Schema | undefined {
  let best: Schema | undefined;
  let fewest = Number.POSITIVE_INFINITY;
  for (const option of options) {
    const found: string[] = [];
    collectUnknown(option, value, '', found);
    if (found.length < fewest) {
      best = option;
      fewest = found.length;
    }
    if (found.length === 0) break;
  }
  return best;
}

/**
 * A copy of `value` without the fields `schema` does not declare (what kube-apiserver drops under
 * `fieldValidation=Ignore`); free-form values are kept whole. The input is not modified.
 */
export function pruneUnknown(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value)) return value;
      const shape = def.shape ?? {};
      const catchall = def.catchall && defOf(def.catchall).type !== 'never' ? def.catchall : undefined;
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const declared = Object.hasOwn(shape, key) ? shape[key] : undefined;
        if (declared) out[key] = pruneUnknown(declared, child);
        else if (catchall) out[key] = isFreeForm(catchall) ? child : pruneUnknown(catchall, child);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) && def.element
        ? value.map((item) => pruneUnknown(def.element as Schema, item))
        : value;
    case 'record':
      if (!isPlainObject(value) || !def.valueType || isFreeForm(def.valueType)) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, child]) => [key, pruneUnknown(def.valueType as Schema, child)]),
      );
    case 'union': {
      const option = bestOption(def.options ?? [], value);
      return option ? pruneUnknown(option, value) : value;
    }
    default:
      return value;
  }
}
