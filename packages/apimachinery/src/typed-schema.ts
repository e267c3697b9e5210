/**
 * The type of a kind as server-side apply sees it, built from the registry's OpenAPI schema
 * (@hs/resources openApiSchemaFor, ObjectMeta from its component), after
 * sigs.k8s.io/structured-merge-diff schema/elements.go and k8s.io/kube-openapi pkg/schemaconv:
 * - a scalar;
 * - a list, `x-kubernetes-list-type` atomic (the default), `set`, or `map` keyed by
 *   `x-kubernetes-list-map-keys` (a key field's `default` stands in when an item omits it);
 * - a map: declared `properties` are struct fields, `additionalProperties` (or
 *   `x-kubernetes-preserve-unknown-fields`) the type of other keys; `x-kubernetes-map-type:
 *   atomic` makes it one leaf (ObjectReference, LabelSelector, RoleRef…);
 * - deduced (`__untyped_deduced_`): free-form JSON, a map of deduced values or an atomic list.
 *
 * Also the zero object an Update on create is compared against: what Go serialises for a new
 * empty object of the kind (internal/fieldmanager.go compares with objectCreater.New). Struct
 * fields whose schema has `default: {}` (non-pointer structs, as kube-openapi publishes them) are
 * `{}`, required fields (no `omitempty`) are null; a custom resource's zero object is empty.
 */
import {
  type KubeObject,
  type OpenApiSchema,
  objectMetaOpenApiSchema,
  openApiSchemaFor,
  type ResourceDefinition,
} from '@hs/resources';

export type ListRelationship = 'atomic' | 'set' | 'map';

export interface ScalarType {
  readonly kind: 'scalar';
}

export interface DeducedType {
  readonly kind: 'deduced';
}

export interface ListType {
  readonly kind: 'list';
  readonly relationship: ListRelationship;
  readonly keys: readonly string[];
  /** Defaults of key fields, used when an item omits the key (getAssociativeKeyDefault). */
  readonly keyDefaults: Readonly<Record<string, unknown>>;
  readonly element: TypeNode;
}

export interface MapType {
  readonly kind: 'map';
  readonly atomic: boolean;
  /** The type of a declared struct field. */
  field(name: string): TypeNode | undefined;
  /** The type of keys that are not struct fields (map entries); undefined for a closed struct. */
  readonly element: TypeNode | undefined;
}

export type TypeNode = ScalarType | DeducedType | ListType | MapType;

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

export const SCALAR: ScalarType = { kind: 'scalar' };
export const DEDUCED: DeducedType = { kind: 'deduced' };
const DEDUCED_MAP: MapType = { kind: 'map', atomic: false, field: () => undefined, element: DEDUCED };
const DEDUCED_LIST: ListType = {
  kind: 'list',
  relationship: 'atomic',
  keys: [],
  keyDefaults: {},
  element: DEDUCED,
};

/** The type a value takes: a deduced type becomes a map, an atomic list or a scalar by the value. */
export function resolveType(type: TypeNode, value: unknown): Exclude<TypeNode, DeducedType> {
  if (type.kind !== 'deduced') return type;
  if (isMap(value)) return DEDUCED_MAP;
  if (Array.isArray(value)) return DEDUCED_LIST;
  return SCALAR;
}

/** The type of `key` in a map (field, else element); undeclared keys of closed structs are deduced. */
export function childType(type: MapType, key: string): TypeNode {
  return type.field(key) ?? type.element ?? DEDUCED;
}

/** Whether `key` is a declared struct field (not a map entry). */
export const isStructField = (type: MapType, key: string): boolean => type.field(key) !== undefined;

type RefResolver = (ref: string) => OpenApiSchema | undefined;

const META_REF = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const defaultResolver: RefResolver = (ref) => (ref === META_REF ? objectMetaOpenApiSchema() : undefined);

/** Follows `$ref` and `allOf: [{$ref}]` (how kube-openapi points properties at components). */
function deref(node: OpenApiSchema, resolve: RefResolver): OpenApiSchema {
  let current = node;
  for (let depth = 0; depth < 16; depth++) {
    const ref = typeof current.$ref === 'string' ? current.$ref : undefined;
    const allOf = Array.isArray(current.allOf) && current.allOf.length === 1 ? current.allOf[0] : undefined;
    const target = ref ?? (isMap(allOf) && typeof allOf.$ref === 'string' ? allOf.$ref : undefined);
    if (target === undefined) return current;
    const next = resolve(target);
    if (!next) return current;
    current = next;
  }
  return current;
}

const memo = new WeakMap<OpenApiSchema, TypeNode>();

/** Converts an OpenAPI schema node (memoised per node; struct fields convert on first use). */
export function typeFromOpenApi(raw: OpenApiSchema, resolve: RefResolver = defaultResolver): TypeNode {
  const node = deref(raw, resolve);
  const known = memo.get(node);
  if (known) return known;
  const type = convert(node, resolve);
  memo.set(node, type);
  return type;
}

function convert(node: OpenApiSchema, resolve: RefResolver): TypeNode {
  if (node['x-kubernetes-int-or-string'] === true) return SCALAR;
  const options = Array.isArray(node.anyOf) ? node.anyOf.filter(isMap) : [];
  if (node.type === 'array') {
    const listType = node['x-kubernetes-list-type'];
    const keys = Array.isArray(node['x-kubernetes-list-map-keys'])
      ? node['x-kubernetes-list-map-keys'].map(String)
      : [];
    const relationship: ListRelationship =
      listType === 'set' ? 'set' : listType === 'map' && keys.length > 0 ? 'map' : 'atomic';
    const items = isMap(node.items) ? typeFromOpenApi(node.items, resolve) : DEDUCED;
    const itemProps = isMap(node.items) ? deref(node.items, resolve).properties : undefined;
    const keyDefaults: JsonMap = {};
    for (const key of relationship === 'map' ? keys : []) {
      const prop = isMap(itemProps) ? itemProps[key] : undefined;
      if (isMap(prop) && prop.default !== undefined) keyDefaults[key] = prop.default;
    }
    return {
      kind: 'list',
      relationship,
      keys: relationship === 'map' ? keys : [],
      keyDefaults,
      element: items,
    };
  }
  const objectOptions = options.map((o) => deref(o, resolve)).filter((o) => isMap(o.properties));
  const properties: JsonMap = isMap(node.properties) ? { ...node.properties } : {};
  for (const option of objectOptions) Object.assign(properties, option.properties as JsonMap);
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const isObject =
    node.type === 'object' || Object.keys(properties).length > 0 || isMap(node.additionalProperties);
  if (!isObject) return preserve && node.type === undefined ? DEDUCED : SCALAR;
  const fields = new Map<string, TypeNode>();
  const field = (name: string): TypeNode | undefined => {
    if (!Object.hasOwn(properties, name)) return undefined;
    let type = fields.get(name);
    if (!type) {
      const prop = properties[name];
      type = isMap(prop) ? typeFromOpenApi(prop, resolve) : DEDUCED;
      fields.set(name, type);
    }
    return type;
  };
  const element = isMap(node.additionalProperties)
    ? typeFromOpenApi(node.additionalProperties, resolve)
    : preserve || Object.keys(properties).length === 0
      ? DEDUCED
      : undefined;
  return { kind: 'map', atomic: node['x-kubernetes-map-type'] === 'atomic', field, element };
}

/** The zero value of a struct schema: `default: {}` structs recursively, required fields null. */
function zeroOf(raw: OpenApiSchema, resolve: RefResolver, depth = 0): JsonMap {
  const node = deref(raw, resolve);
  const out: JsonMap = {};
  if (depth > 16 || !isMap(node.properties)) return out;
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  for (const [name, prop] of Object.entries(node.properties)) {
    if (!isMap(prop)) continue;
    if (isMap(prop.default)) out[name] = { ...zeroOf(prop, resolve, depth + 1), ...prop.default };
    else if (required.has(name)) out[name] = null;
  }
  return out;
}

export interface KindSchema {
  readonly type: TypeNode;
  /** A fresh copy of the kind's zero object (without apiVersion, kind and metadata). */
  zero(): JsonMap;
}

const kinds = new WeakMap<ResourceDefinition, KindSchema>();

/** The typed schema of a registry entry (cached per entry). */
export function kindSchema(def: ResourceDefinition): KindSchema {
  const cached = kinds.get(def);
  if (cached) return cached;
  const root = openApiSchemaFor(def);
  const zero = def.custom ? {} : zeroOf(root, defaultResolver);
  delete zero.metadata;
  delete zero.apiVersion;
  delete zero.kind;
  def.strategy?.zeroValues?.(zero as KubeObject);
  const frozen = JSON.stringify(zero);
  const schema: KindSchema = {
    type: typeFromOpenApi(root),
    zero: () => JSON.parse(frozen) as JsonMap,
  };
  kinds.set(def, schema);
  return schema;
}
