/**
 * Object validation for create/update: the kind's zod schema (mapped to path-addressed causes as
 * k8s.io/apimachinery/pkg/util/validation/field renders them), the name rule, label/annotation
 * rules and the strategy's own checks. Unknown fields are not errors here (see findUnknownFields).
 *
 * `null` counts as "absent" for every field, as Go's JSON decoding treats it, so
 * `creationTimestamp: null` from `kubectl create --dry-run -o yaml` is accepted.
 */
import type { z } from 'zod';
import { validateLabelsAndAnnotations, validateObjectName } from './names.js';
import {
  expectedTypeName,
  fieldPath,
  pruneUnknown,
  schemaAt,
  unionOptions,
  unknownFieldPaths,
} from './schema-walk.js';
import type { FieldCause, KubeObject, ResourceDefinition } from './types.js';

/**
 * `value` without object members whose value is null. Copy on write: parts holding no null are
 * shared with the input (which is never modified), so the usual null-free object costs no copy.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = withoutNulls(value[i]);
      if (item !== value[i] && out === undefined) out = value.slice(0, i);
      out?.push(item);
    }
    return out ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const child = obj[keys[i] as string];
    const next = child === null ? undefined : withoutNulls(child);
    if (next !== child && out === undefined) {
      out = {};
      for (let j = 0; j < i; j++) setMember(out, keys[j] as string, obj[keys[j] as string]);
    }
    if (out !== undefined && child !== null) setMember(out, keys[i] as string, next);
  }
  return out ?? value;
}

/** An own data member, even for a key named `__proto__` (which plain assignment would not create). */
function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function render(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(jsonType(value));
}

function valueAtPath(root: unknown, segments: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

const TYPE_NAMES: Record<string, string> = { int: 'integer', record: 'object', map: 'object', nan: 'number' };

/** The JSON types a failed union (IntOrString) accepts, from its options. */
function unionExpected(target: z.core.$ZodType | undefined, issue: z.core.$ZodIssueInvalidUnion): string[] {
  const expected = new Set<string>();
  const options = target ? unionOptions(target) : [];
  issue.errors.forEach((branch, index) => {
    const option = options[index];
    for (const inner of branch) {
      if (inner.code === 'invalid_type' && inner.path.length === 0) {
        expected.add((option && expectedTypeName(option)) ?? TYPE_NAMES[inner.expected] ?? inner.expected);
      }
    }
  });
  return [...expected];
}

function causeFor(schema: z.core.$ZodType, input: unknown, issue: z.core.$ZodIssue): FieldCause {
  const field = fieldPath(schema, issue.path);
  const value = valueAtPath(input, issue.path);
  // zod reports a missing enum or union as a bad value; Kubernetes calls any missing field Required.
  if (value === undefined) return { field, reason: 'FieldValueRequired', message: 'Required value' };
  switch (issue.code) {
    case 'invalid_type': {
      const target = schemaAt(schema, issue.path);
      const expected = (target && expectedTypeName(target)) ?? TYPE_NAMES[issue.expected] ?? issue.expected;
      const actual = jsonType(value);
      return {
        field,
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${JSON.stringify(actual)}: ${field} in body must be of type ${expected}: ${JSON.stringify(actual)}`,
      };
    }
    case 'invalid_union': {
      const expected = unionExpected(schemaAt(schema, issue.path), issue);
      const actual = jsonType(value);
      return {
        field,
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${JSON.stringify(actual)}: ${field} in body must be of type ${expected.length > 0 ? expected.join(' or ') : 'a supported shape'}: ${JSON.stringify(actual)}`,
      };
    }
    case 'invalid_value':
      return {
        field,
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${render(value)}: supported values: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return {
          field,
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${render(value)}: must be greater than ${issue.inclusive === false ? '' : 'or equal to '}${String(issue.minimum)}`,
        };
      }
      return {
        field,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${render(value)}: should have at least ${String(issue.minimum)} items`,
      };
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return {
          field,
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${render(value)}: must be less than ${issue.inclusive === false ? '' : 'or equal to '}${String(issue.maximum)}`,
        };
      }
      return {
        field,
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${String(issue.maximum)}`,
      };
    default:
      return {
        field,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${render(value)}: ${issue.message}`,
      };
  }
}

/** Schema, name, label and strategy causes for an object of the entry (empty = valid). */
export function validateObject(def: ResourceDefinition, obj: unknown): FieldCause[] {
  let input = withoutNulls(obj);
  // Review kinds are posted without metadata or name (they are never stored).
  if (def.virtual && input !== null && typeof input === 'object' && !Array.isArray(input)) {
    input = { metadata: {}, ...input };
  }
  const causes: FieldCause[] = [];
  const result = def.schema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) causes.push(causeFor(def.schema, input, issue));
  }
  const metadata =
    input !== null && typeof input === 'object' ? (input as Record<string, unknown>).metadata : undefined;
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const meta = metadata as Record<string, unknown>;
    if (!def.virtual || meta.name !== undefined) causes.push(...validateObjectName(def, meta));
    causes.push(...validateLabelsAndAnnotations(meta));
  }
  // Strategies read defensively, so they run on schema-invalid input too and report everything at once.
  if (def.strategy?.validate && metadata !== undefined)
    causes.push(...def.strategy.validate(input as KubeObject));
  const seen = new Set<string>();
  return causes.filter((cause) => {
    const key = `${cause.field}\u0000${cause.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * JSON paths of the fields of `obj` the kind's schema does not declare, for
 * `fieldValidation=Strict|Warn` (upstream message: `unknown field "spec.bogus"`). Free-form values
 * (EnvoyFilter patch values, plugin configs, CRD schemas) are never reported.
 */
export function findUnknownFields(def: ResourceDefinition, obj: unknown): string[] {
  return unknownFieldPaths(def.schema, obj);
}

/**
 * A copy of `obj` without the fields the kind's schema does not declare, as kube-apiserver drops
 * them under `fieldValidation=Ignore|Warn`. Free-form values are kept whole; `obj` is unchanged.
 */
export function pruneUnknownFields<T>(def: ResourceDefinition, obj: T): T {
  return pruneUnknown(def.schema, obj) as T;
}
