/**
 * OpenAPI v3 schema → fast-check arbitrary, for the request bodies of our own `/openapi/v3`
 * documents: `$ref`, `allOf`, objects (every property optional), maps, arrays, scalars and
 * `x-kubernetes-int-or-string`, with a depth bound; at every node the value is sometimes
 * replaced by a hostile JSON value, so both schema-shaped and malformed bodies are tried.
 */
import fc from 'fast-check';
import { anyJson, hostileString, pollutingObject } from './hostile.js';

export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export type Components = Record<string, Schema>;

const MAX_DEPTH = 5;

function resolve(schema: Schema, components: Components): Schema {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    if (current.$ref) current = components[current.$ref.replace('#/components/schemas/', '')] ?? {};
    else if (current.allOf?.length === 1 && !current.properties) current = current.allOf[0] ?? {};
    else break;
  }
  return current;
}

function shaped(schema: Schema, components: Components, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  if (depth >= MAX_DEPTH) return fc.constantFrom(null, {}, 'x', 1);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s['x-kubernetes-int-or-string']) return fc.oneof(fc.integer(), hostileString);
  switch (s.type) {
    case 'string':
      return hostileString;
    case 'integer':
      return fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER));
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(node(s.items ?? {}, components, depth + 1), { maxLength: 3 });
  }
  if (s.properties) {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, child] of Object.entries(s.properties)) model[key] = node(child, components, depth + 1);
    return fc.record(model, { requiredKeys: [] });
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    return fc.dictionary(hostileString, node(s.additionalProperties, components, depth + 1), { maxKeys: 3 });
  return anyJson;
}

function node(schema: Schema, components: Components, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: shaped(schema, components, depth) },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: pollutingObject },
  );
}

/** Bodies for one schema; the top level keeps the schema's shape more often than inner nodes. */
export function schemaArbitrary(schema: Schema, components: Components): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: shaped(schema, components, 0) }, { weight: 1, arbitrary: anyJson });
}
