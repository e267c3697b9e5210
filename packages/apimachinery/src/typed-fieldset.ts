/**
 * Field sets of typed values, after sigs.k8s.io/structured-merge-diff typed/tofieldset.go,
 * typed/compare.go and typed/helpers.go (listItemToPathElement). The type (typed-schema.ts) decides
 * what is a member:
 * - a scalar, an atomic list and an atomic map are leaves (members, never descended);
 * - a struct field is a member only when its value is null or `{}`; a map entry always is;
 * - an item of a `set` or `map` list is a member (`v:` / `k:` element), whatever it holds.
 * Compare also counts a container as added (removed) when it is absent on the left (right), so an
 * Update owns the maps and items it brings with `".": {}` — a struct that the zero object already
 * holds (`spec`, `spec.template`) is not added.
 */
import {
  type FieldPath,
  FieldSet,
  fieldElement,
  keyElement,
  type PathElement,
  pathToString,
  valueElement,
} from './field-set.js';
import { deepEqual } from './json-value.js';
import { childType, isStructField, type ListType, resolveType, type TypeNode } from './typed-schema.js';

/** A value the walkers cannot place (a map-list item without its key, a set of objects…). */
export class StructureError extends Error {
  override readonly name = 'StructureError';
}

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The path element of a list item: `k:{…}` for map-lists, `v:…` for sets. */
export function itemElement(item: unknown, type: ListType, path: FieldPath): PathElement {
  if (type.relationship === 'map') {
    if (!isMap(item)) {
      throw new StructureError(
        `${pathToString(path)}: associative list with keys has an element that is not a map`,
      );
    }
    const key: JsonMap = {};
    for (const k of type.keys) {
      if (Object.hasOwn(item, k) && item[k] !== null) key[k] = item[k];
      else if (Object.hasOwn(type.keyDefaults, k)) key[k] = type.keyDefaults[k];
    }
    if (Object.keys(key).length === 0) {
      throw new StructureError(
        `${pathToString(path)}: associative list with keys has an element that omits all key fields [${type.keys.map((k) => JSON.stringify(k)).join(' ')}] (and doesn't have default values for any key fields)`,
      );
    }
    return keyElement(key);
  }
  if (isMap(item) || Array.isArray(item)) {
    throw new StructureError(
      `${pathToString(path)}: associative list without keys has an element that's a map type`,
    );
  }
  return valueElement(item);
}

/** Indexes list items by element, keeping the first of duplicates and the list order. */
export function indexItems(
  list: readonly unknown[],
  type: ListType,
  path: FieldPath,
): Map<PathElement, unknown> {
  const out = new Map<PathElement, unknown>();
  for (const item of list) {
    const pe = itemElement(item, type, path);
    if (!out.has(pe)) out.set(pe, item);
  }
  return out;
}

/** The members of an object (TypedValue.ToFieldSet). */
export function toFieldSet(obj: JsonMap, root: TypeNode): FieldSet {
  const set = new FieldSet();
  const walk = (v: unknown, declared: TypeNode, path: FieldPath): void => {
    const type = resolveType(declared, v);
    if (type.kind === 'scalar') {
      set.insert(path);
    } else if (type.kind === 'list') {
      if (type.relationship === 'atomic') {
        set.insert(path);
        return;
      }
      if (!Array.isArray(v)) return;
      for (const [pe, item] of indexItems(v, type, path)) {
        const ip = [...path, pe];
        walk(item, type.element, ip);
        set.insert(ip);
      }
    } else {
      if (type.atomic) {
        set.insert(path);
        return;
      }
      if (!isMap(v)) return;
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue;
        const cp = [...path, fieldElement(k)];
        walk(x, childType(type, k), cp);
        if (x === null || (isMap(x) && Object.keys(x).length === 0) || !isStructField(type, k)) {
          set.insert(cp);
        }
      }
    }
  };
  const type = resolveType(root, obj);
  if (type.kind === 'map' && !type.atomic) walk(obj, type, []);
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

const isEmptyish = (v: unknown) =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (isMap(v) && Object.keys(v).length === 0);

type Shape = 'map' | 'list' | 'scalar' | 'null';
const shapeOf = (v: unknown): Shape =>
  v === null ? 'null' : isMap(v) ? 'map' : Array.isArray(v) ? 'list' : 'scalar';

/**
 * Compares two objects field by field (TypedValue.Compare); `undefined` is an absent value, null a
 * present one (as the zero object's required fields are).
 */
export function compareObjects(lhs: JsonMap, rhs: JsonMap, root: TypeNode): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const leaf = (l: unknown, r: unknown, path: FieldPath) => {
    if (path.length === 0) return;
    if (l === undefined) out.added.insert(path);
    else if (r === undefined) out.removed.insert(path);
    else if (!deepEqual(l, r)) out.modified.insert(path);
  };

  const visit = (l: unknown, r: unknown, declared: TypeNode, path: FieldPath): void => {
    const ls = l === undefined ? undefined : shapeOf(l);
    const rs = r === undefined ? undefined : shapeOf(r);
    if (ls && rs && ls !== 'null' && rs !== 'null' && ls !== rs) {
      // the value changed kind: what was below went, what is below came; the field changed
      visit(l, undefined, declared, path);
      visit(undefined, r, declared, path);
      if (path.length > 0) {
        out.added = out.added.difference(new FieldSet([path]));
        out.removed = out.removed.difference(new FieldSet([path]));
        out.modified.insert(path);
      }
      return;
    }
    const type = resolveType(declared, r === undefined || r === null ? l : r);
    if (type.kind === 'scalar' || (isEmptyish(l) && isEmptyish(r))) {
      leaf(l, r, path);
      return;
    }
    if (type.kind === 'list') {
      if (type.relationship === 'atomic' || !(Array.isArray(l) || Array.isArray(r))) {
        leaf(l, r, path);
        return;
      }
      const li = indexItems(Array.isArray(l) ? l : [], type, path);
      const ri = indexItems(Array.isArray(r) ? r : [], type, path);
      for (const pe of new Set([...li.keys(), ...ri.keys()])) {
        visit(li.get(pe), ri.get(pe), type.element, [...path, pe]);
      }
    } else {
      if (type.atomic || !(isMap(l) || isMap(r))) {
        leaf(l, r, path);
        return;
      }
      const lm = isMap(l) ? l : {};
      const rm = isMap(r) ? r : {};
      for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
        const lv = Object.hasOwn(lm, k) ? lm[k] : undefined;
        const rv = Object.hasOwn(rm, k) ? rm[k] : undefined;
        if (lv === undefined && rv === undefined) continue;
        visit(lv, rv, childType(type, k), [...path, fieldElement(k)]);
      }
    }
    if (path.length > 0) {
      if (l === undefined) out.added.insert(path);
      else if (r === undefined) out.removed.insert(path);
    }
  };
  visit(lhs, rhs, root, []);
  return out;
}
