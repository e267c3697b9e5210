/**
 * OpenAPI v3 schemas derived from the zod schemas, in the shape kube-apiserver publishes under
 * /openapi/v3 (k8s.io/kube-openapi): OpenAPI 3.0 types, `x-kubernetes-group-version-kind`, list
 * extensions from the entry's listMergeKeys, free-form objects marked
 * `x-kubernetes-preserve-unknown-fields`, and `metadata` as a `$ref` to ObjectMeta.
 */
import { z } from 'zod';
import { METADATA_MERGE_KEYS } from './kinds/common.js';
import { objectMetaSchema } from './schemas/meta.js';
import type { ListMergeKey, ResourceDefinition } from './types.js';

export type OpenApiSchema = Record<string, unknown>;

/** Component name of ObjectMeta, as upstream names it. */
export const OBJECT_META_SCHEMA_NAME = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const INT32_BOUNDS = [-2147483648, 2147483647];
const INT64_BOUNDS = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

/** Group prefixes of built-in API groups in upstream component names. */
const BUILT_IN_PREFIXES: Record<string, string> = {
  '': 'io.k8s.api.core',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
};

/**
 * Component name of a kind at a version: `io.k8s.api.core.v1.ConfigMap`,
 * `io.k8s.api.networking.v1.Ingress`, and reversed group for others:
 * `io.higress.networking.v1.McpBridge`, `io.k8s.networking.gateway.v1.Gateway`.
 */
export function openApiSchemaName(def: ResourceDefinition, version: string = def.storageVersion): string {
  const known = BUILT_IN_PREFIXES[def.group];
  if (known !== undefined) return `${known}.${version}.${def.kind}`;
  if (!def.custom && def.group.endsWith('.k8s.io')) {
    return `io.k8s.api.${def.group.split('.')[0] ?? def.group}.${version}.${def.kind}`;
  }
  return `${def.group.split('.').reverse().join('.')}.${version}.${def.kind}`;
}

function isRecord(value: unknown): value is OpenApiSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Rewrites zod's JSON Schema output into the OpenAPI 3.0 dialect Kubernetes serves. */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (!isRecord(node)) return node;
  const out: OpenApiSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === 'id') continue;
    out[key] =
      key === 'default' || key === 'enum'
        ? value // values, not schemas
        : key === 'properties' && isRecord(value)
          ? Object.fromEntries(Object.entries(value).map(([name, child]) => [name, normalise(child)]))
          : normalise(value);
  }
  if (out.additionalProperties === false) delete out.additionalProperties;
  if (isRecord(out.additionalProperties) && Object.keys(out.additionalProperties).length === 0) {
    // `additionalProperties: {}` is zod's "any keys": a free-form object in Kubernetes terms.
    delete out.additionalProperties;
    out.type = 'object';
    out[PRESERVE] = true;
  }
  if (out['x-kubernetes-int-or-string'] === true && Array.isArray(out.anyOf)) {
    // The one anyOf form structural schemas allow (apiextensions IntOrString).
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.type === 'integer') {
    const min = out.minimum;
    const max = out.maximum;
    if (min === INT32_BOUNDS[0] && max === INT32_BOUNDS[1]) {
      out.format = 'int32';
      delete out.minimum;
      delete out.maximum;
    } else {
      if (min === INT64_BOUNDS[0]) delete out.minimum;
      if (max === INT64_BOUNDS[1]) delete out.maximum;
      if (out.format === undefined) out.format = 'int64';
    }
  }
  if (Object.keys(out).length === 0) out[PRESERVE] = true;
  return out;
}

function rawJsonSchema(schema: z.core.$ZodType, metadataRef: boolean): OpenApiSchema {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema !== objectMetaSchema || schema === objectMetaSchema) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as OpenApiSchema)[key];
      if (metadataRef) {
        Object.assign(ctx.jsonSchema, {
          allOf: [{ $ref: `#/components/schemas/${OBJECT_META_SCHEMA_NAME}` }],
          description: "Standard object's metadata.",
        });
      } else {
        Object.assign(ctx.jsonSchema, { type: 'object' });
      }
    },
  }) as OpenApiSchema;
}

/** The schema node of a dot path with `[]` list steps, if the path exists. */
function nodeAt(root: OpenApiSchema, path: string): OpenApiSchema | undefined {
  let current: OpenApiSchema | undefined = root;
  for (const step of path.split('.')) {
    const list = step.endsWith('[]');
    const name = list ? step.slice(0, -2) : step;
    const properties: unknown = current?.properties;
    const child: unknown = isRecord(properties) ? properties[name] : undefined;
    current = isRecord(child) ? child : undefined;
    if (list) current = isRecord(current?.items) ? current.items : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

function applyListExtensions(root: OpenApiSchema, keys: readonly ListMergeKey[], prefix: string): void {
  for (const entry of keys) {
    if (!entry.path.startsWith(prefix)) continue;
    const node = nodeAt(root, entry.path.slice(prefix.length));
    if (node === undefined || node.type !== 'array') continue;
    const listType = entry.listType ?? (entry.mergeKey ? 'map' : 'atomic');
    node['x-kubernetes-list-type'] = listType;
    if (listType === 'map' && entry.mergeKey)
      node['x-kubernetes-list-map-keys'] = [...(entry.listMapKeys ?? [entry.mergeKey])];
    if (entry.strategy !== 'replace') node['x-kubernetes-patch-strategy'] = entry.strategy;
    if (entry.mergeKey) node['x-kubernetes-patch-merge-key'] = entry.mergeKey;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const cache = new Map<string, OpenApiSchema>();

/**
 * The OpenAPI v3 schema of a kind, for a served version (default: all served versions in its
 * `x-kubernetes-group-version-kind`). Cached and frozen: callers must not mutate it.
 */
export function openApiSchemaFor(def: ResourceDefinition, version?: string): OpenApiSchema {
  const cacheKey = `${def.group}/${def.kind}/${version ?? '*'}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const schema = normalise(rawJsonSchema(def.schema, true)) as OpenApiSchema;
  const versions = version === undefined ? def.versions : [version];
  schema.description = def.description;
  if (Array.isArray(schema.required)) {
    // kube-openapi never lists type and object metadata as required.
    const required = schema.required.filter(
      (name) => !['apiVersion', 'kind', 'metadata'].includes(String(name)),
    );
    if (required.length > 0) schema.required = required;
    else delete schema.required;
  }
  schema['x-kubernetes-group-version-kind'] = versions.map((v) => ({
    group: def.group,
    version: v,
    kind: def.kind,
  }));
  applyListExtensions(schema, def.listMergeKeys, '');
  cache.set(cacheKey, deepFreeze(schema));
  return schema;
}

let objectMetaCache: OpenApiSchema | undefined;

/** The ObjectMeta component (`#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`). */
export function objectMetaOpenApiSchema(): OpenApiSchema {
  if (objectMetaCache) return objectMetaCache;
  const schema = normalise(rawJsonSchema(objectMetaSchema, true)) as OpenApiSchema;
  applyListExtensions(schema, METADATA_MERGE_KEYS, 'metadata.');
  objectMetaCache = deepFreeze(schema);
  return schema;
}

/**
 * A structural schema for a CRD's `openAPIV3Schema` (no `$ref`, `metadata` as a bare object, no
 * GVK extension), as apiextensions requires.
 */
export function structuralSchemaFor(def: ResourceDefinition): OpenApiSchema {
  const schema = normalise(rawJsonSchema(def.schema, false)) as OpenApiSchema;
  delete schema.required;
  schema.description = def.description;
  return schema;
}
