/**
 * Schema-driven operations over plain JSON objects that server-side apply needs, after
 * sigs.k8s.io/structured-merge-diff typed/{tofieldset,compare,merge,remove}.go.
 *
 * The "schema" is only the list metadata a definition declares (`listMergeKeys`): a list is
 * `map` (items keyed by merge key), `set` (scalar items) or `atomic` (owned and replaced whole; the
 * default for undeclared lists). Every object key is treated as a named struct field: an object
 * with content is not itself a member of a field set, only its leaves are (SMD's rule for struct
 * fields; for map[string]T values this differs only when T is an object).
 */
import type { ListMergeKey } from '@hs/resources';
import {
  type FieldPath,
  FieldSet,
  fieldElement,
  keyElement,
  type PathElement,
  pathToString,
  valueElement,
} from './field-set.js';
import { cloneJson } from './json-clone.js';
import { deepEqual } from './json-value.js';

export type ListKind = 'atomic' | 'set' | 'map';

export interface ListType {
  kind: ListKind;
  keys: readonly string[];
}

const ATOMIC: ListType = { kind: 'atomic', keys: [] };

/** A value the walkers cannot place (a map-list item without its key, a set of objects…). */
export class StructureError extends Error {
  override readonly name = 'StructureError';
}

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** List types by schema path (`spec.ports`, `spec.containers[].ports`), from ListMergeKey entries. */
export class ListSchema {
  private readonly lists = new Map<string, ListType>();

  constructor(listMergeKeys: readonly ListMergeKey[]) {
    for (const lmk of listMergeKeys) {
      const merging = lmk.strategy.split(',').includes('merge');
      const kind: ListKind = lmk.listType ?? (merging ? (lmk.mergeKey ? 'map' : 'set') : 'atomic');
      if (kind === 'map' && !lmk.mergeKey) continue; // a map-list needs keys: treat as atomic
      this.lists.set(lmk.path, { kind, keys: kind === 'map' ? [lmk.mergeKey as string] : [] });
    }
  }

  listAt(schemaPath: string): ListType {
    return this.lists.get(schemaPath) ?? ATOMIC;
  }
}

const childSchemaPath = (sp: string, field: string) => (sp ? `${sp}.${field}` : field);
const itemSchemaPath = (sp: string) => `${sp}[]`;

/** The path element of a list item: `k:{…}` for map-lists, `v:…` for sets. */
export function itemElement(item: unknown, type: ListType, path: FieldPath): PathElement {
  if (type.kind === 'map') {
    if (!isMap(item)) {
      throw new StructureError(
        `${pathToString(path)}: associative list with keys has an element that is not a map`,
      );
    }
    const key: JsonMap = {};
    for (const k of type.keys) {
      if (!Object.hasOwn(item, k) || item[k] === null) {
        throw new StructureError(
          `${pathToString(path)}: associative list with keys has an element that omits key field ${JSON.stringify(k)}`,
        );
      }
      key[k] = item[k];
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
function indexItems(list: readonly unknown[], type: ListType, path: FieldPath): Map<PathElement, unknown> {
  const out = new Map<PathElement, unknown>();
  for (const item of list) {
    const pe = itemElement(item, type, path);
    if (!out.has(pe)) out.set(pe, item);
  }
  return out;
}

/** The members of an object (tofieldset.go): leaves, empty objects, nulls, atomic lists, list items. */
export function toFieldSet(obj: JsonMap, schema: ListSchema): FieldSet {
  const set = new FieldSet();
  const walkMap = (m: JsonMap, path: FieldPath, sp: string) => {
    for (const [k, v] of Object.entries(m)) {
      if (v === undefined) continue;
      const cp = [...path, fieldElement(k)];
      const csp = childSchemaPath(sp, k);
      if (isMap(v)) {
        if (Object.keys(v).length === 0) set.insert(cp);
        else walkMap(v, cp, csp);
      } else if (Array.isArray(v)) {
        walkList(v, cp, csp);
      } else {
        set.insert(cp);
      }
    }
  };
  const walkList = (list: unknown[], path: FieldPath, sp: string) => {
    const type = schema.listAt(sp);
    if (type.kind === 'atomic') {
      set.insert(path);
      return;
    }
    for (const [pe, item] of indexItems(list, type, path)) {
      const ip = [...path, pe];
      set.insert(ip);
      if (isMap(item)) walkMap(item, ip, itemSchemaPath(sp));
    }
  };
  walkMap(obj, [], '');
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

type Shape = 'map' | 'granular' | 'leaf';

/** Compares two objects field by field (compare.go): containers count as added/removed too. */
export function compareObjects(lhs: JsonMap, rhs: JsonMap, schema: ListSchema): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const shape = (v: unknown, sp: string): Shape =>
    isMap(v) ? 'map' : Array.isArray(v) && schema.listAt(sp).kind !== 'atomic' ? 'granular' : 'leaf';

  const visit = (l: unknown, r: unknown, path: FieldPath, sp: string): void => {
    const lShape = l === undefined ? undefined : shape(l, sp);
    const rShape = r === undefined ? undefined : shape(r, sp);
    if (lShape && rShape && lShape !== rShape) {
      // the value changed kind: everything below the old value went, everything below the new came
      visit(l, undefined, path, sp);
      visit(undefined, r, path, sp);
      if (path.length > 0) {
        out.added = out.added.difference(new FieldSet([path]));
        out.removed = out.removed.difference(new FieldSet([path]));
        out.modified.insert(path);
      }
      return;
    }
    const s = lShape ?? rShape;
    if (s === 'leaf') {
      if (l === undefined) out.added.insert(path);
      else if (r === undefined) out.removed.insert(path);
      else if (!deepEqual(l, r)) out.modified.insert(path);
      return;
    }
    if (s === 'map') {
      const lm = (l ?? {}) as JsonMap;
      const rm = (r ?? {}) as JsonMap;
      const keys = new Set([...Object.keys(lm), ...Object.keys(rm)]);
      for (const k of keys) {
        const lv = Object.hasOwn(lm, k) ? lm[k] : undefined;
        const rv = Object.hasOwn(rm, k) ? rm[k] : undefined;
        if (lv === undefined && rv === undefined) continue;
        visit(lv, rv, [...path, fieldElement(k)], childSchemaPath(sp, k));
      }
    } else if (s === 'granular') {
      const type = schema.listAt(sp);
      const li = indexItems((l ?? []) as unknown[], type, path);
      const ri = indexItems((r ?? []) as unknown[], type, path);
      const elements = [...li.keys(), ...[...ri.keys()].filter((pe) => !li.has(pe))];
      for (const pe of elements) {
        const ip = [...path, pe];
        const lv = li.get(pe);
        const rv = ri.get(pe);
        if (type.kind === 'set' || !(isMap(lv) || isMap(rv))) {
          if (lv === undefined) out.added.insert(ip);
          else if (rv === undefined) out.removed.insert(ip);
          else if (!deepEqual(lv, rv)) out.modified.insert(ip);
        } else {
          visit(lv, rv, ip, itemSchemaPath(sp));
        }
      }
    }
    if (path.length > 0) {
      if (l === undefined) out.added.insert(path);
      else if (r === undefined) out.removed.insert(path);
    }
  };
  visit(lhs, rhs, [], '');
  return out;
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (isMap(v)) {
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && x !== undefined) setOwn(out, k, withoutNulls(x));
    }
    return out;
  }
  return v;
}

function setOwn(obj: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Merges an applied configuration into a live object (merge.go): the configuration wins for the
 * fields it sets, `null` removes a field, map-lists merge item by item and keep the live order
 * around the configuration's order, sets are unions, atomic lists and scalars are replaced.
 */
export function mergeObjects(lhs: JsonMap, rhs: JsonMap, schema: ListSchema): JsonMap {
  const merge = (l: unknown, r: unknown, path: FieldPath, sp: string): unknown => {
    if (r === undefined) return cloneJson(l);
    if (l === undefined || l === null) return withoutNulls(r);
    if (isMap(l) && isMap(r)) {
      const out: JsonMap = cloneJson(l);
      for (const [k, v] of Object.entries(r)) {
        if (v === null) delete out[k];
        else
          setOwn(
            out,
            k,
            merge(
              Object.hasOwn(l, k) ? l[k] : undefined,
              v,
              [...path, fieldElement(k)],
              childSchemaPath(sp, k),
            ),
          );
      }
      return out;
    }
    if (Array.isArray(l) && Array.isArray(r)) {
      const type = schema.listAt(sp);
      if (type.kind === 'atomic') return withoutNulls(r);
      return mergeLists(l, r, type, path, (li, ri, pe) =>
        type.kind === 'map' ? merge(li, ri, [...path, pe], itemSchemaPath(sp)) : (ri ?? li),
      );
    }
    return withoutNulls(r);
  };
  return merge(lhs, rhs, [], '') as JsonMap;
}

/**
 * Interleaves two keyed lists as merge.go visitListItems does: live-only items stay where they
 * were, items both lists hold follow the configuration's order, configuration-only items are
 * inserted where the configuration puts them. Live items sharing a key are all kept unless the
 * configuration names that key (then its one item replaces them); a configuration naming a key
 * twice is refused, as upstream refuses duplicate entries in an applied list.
 */
function mergeLists(
  lhs: readonly unknown[],
  rhs: readonly unknown[],
  type: ListType,
  path: FieldPath,
  mergeItem: (l: unknown, r: unknown, pe: PathElement) => unknown,
): unknown[] {
  const lPEs = lhs.map((item) => itemElement(item, type, path));
  const lCount = new Map<PathElement, number>();
  for (const pe of lPEs) lCount.set(pe, (lCount.get(pe) ?? 0) + 1);
  const lUnique = (pe: PathElement) => (lCount.get(pe) === 1 ? lhs[lPEs.indexOf(pe)] : undefined);
  const rPEs = rhs.map((item) => itemElement(item, type, path));
  const rIdx = new Map<PathElement, unknown>();
  rPEs.forEach((pe, i) => {
    if (rIdx.has(pe))
      throw new StructureError(`${pathToString(path)}: duplicate entries for key ${pathToString([pe])}`);
    rIdx.set(pe, rhs[i]);
  });
  const shared = rPEs.filter((pe) => lCount.has(pe));
  let nextShared = shared.shift();
  const done = new Set<PathElement>();
  const out: unknown[] = [];
  let li = 0;
  let ri = 0;
  while (li < lPEs.length || ri < rPEs.length) {
    if (li < lPEs.length && ri < rPEs.length) {
      const pe = lPEs[li] as PathElement;
      if (pe === rPEs[ri]) {
        done.add(pe);
        out.push(mergeItem(lUnique(pe), rIdx.get(pe), pe));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (rIdx.has(pe) && nextShared !== undefined && nextShared !== pe) {
        li++;
        continue;
      }
    }
    if (li < lPEs.length) {
      const pe = lPEs[li] as PathElement;
      if (!rIdx.has(pe)) {
        out.push(mergeItem(lhs[li], undefined, pe));
        li++;
        continue;
      }
      // already merged with its configuration item: skip it, then (as upstream) go on to the
      // configuration side in the same round
      if (done.has(pe)) li++;
    }
    if (ri < rPEs.length) {
      const pe = rPEs[ri] as PathElement;
      done.add(pe);
      out.push(mergeItem(lUnique(pe), rIdx.get(pe), pe));
      ri++;
      if (nextShared === pe) nextShared = shared.shift();
    }
  }
  return out;
}

/** Removes the members of `set` (whole subtrees) from an object (remove.go). */
export function removeItems(obj: JsonMap, set: FieldSet, schema: ListSchema): JsonMap {
  if (set.isEmpty()) return cloneJson(obj);
  const prefixes = new Set<string>();
  for (const p of set.paths()) {
    for (let i = 1; i <= p.length; i++) prefixes.add(JSON.stringify(p.slice(0, i)));
  }
  const touched = (path: FieldPath) => prefixes.has(JSON.stringify(path));
  const walk = (v: unknown, path: FieldPath, sp: string): unknown => {
    if (isMap(v)) {
      const out: JsonMap = {};
      for (const [k, x] of Object.entries(v)) {
        const cp = [...path, fieldElement(k)];
        if (set.has(cp)) continue;
        setOwn(out, k, touched(cp) ? walk(x, cp, childSchemaPath(sp, k)) : cloneJson(x));
      }
      return out;
    }
    if (Array.isArray(v)) {
      const type = schema.listAt(sp);
      if (type.kind === 'atomic') return cloneJson(v);
      const out: unknown[] = [];
      for (const item of v) {
        const ip = [...path, itemElement(item, type, path)];
        if (set.has(ip)) continue;
        out.push(touched(ip) ? walk(item, ip, itemSchemaPath(sp)) : cloneJson(item));
      }
      return out;
    }
    return cloneJson(v);
  };
  return walk(obj, [], '') as JsonMap;
}
