/**
 * Merging and removing over typed JSON objects, as server-side apply needs them, after
 * sigs.k8s.io/structured-merge-diff typed/{merge,remove}.go. The type comes from the registry's
 * OpenAPI schema (typed-schema.ts); field sets and comparisons are in typed-fieldset.ts.
 */
import { type FieldPath, type FieldSet, fieldElement, type PathElement, pathToString } from './field-set.js';
import { cloneJson } from './json-clone.js';
import { itemElement, StructureError } from './typed-fieldset.js';
import { childType, type ListType, resolveType, type TypeNode } from './typed-schema.js';

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

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
export function mergeObjects(lhs: JsonMap, rhs: JsonMap, root: TypeNode): JsonMap {
  const merge = (l: unknown, r: unknown, path: FieldPath, declared: TypeNode): unknown => {
    if (r === undefined) return cloneJson(l);
    if (l === undefined || l === null) return withoutNulls(r);
    const type = resolveType(declared, r);
    if (isMap(l) && isMap(r) && type.kind === 'map' && !type.atomic) {
      const out: JsonMap = cloneJson(l);
      for (const [k, v] of Object.entries(r)) {
        if (v === null) delete out[k];
        else
          setOwn(
            out,
            k,
            merge(Object.hasOwn(l, k) ? l[k] : undefined, v, [...path, fieldElement(k)], childType(type, k)),
          );
      }
      return out;
    }
    if (Array.isArray(l) && Array.isArray(r) && type.kind === 'list' && type.relationship !== 'atomic') {
      return mergeLists(l, r, type, path, (li, ri, pe) =>
        type.relationship === 'map' ? merge(li, ri, [...path, pe], type.element) : (ri ?? li),
      );
    }
    return withoutNulls(r);
  };
  return merge(lhs, rhs, [], root) as JsonMap;
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
export function removeItems(obj: JsonMap, set: FieldSet, root: TypeNode): JsonMap {
  if (set.isEmpty()) return cloneJson(obj);
  const prefixes = new Set<string>();
  for (const p of set.paths()) {
    for (let i = 1; i <= p.length; i++) prefixes.add(JSON.stringify(p.slice(0, i)));
  }
  const touched = (path: FieldPath) => prefixes.has(JSON.stringify(path));
  const walk = (v: unknown, path: FieldPath, declared: TypeNode): unknown => {
    const type = resolveType(declared, v);
    if (isMap(v) && type.kind === 'map' && !type.atomic) {
      const out: JsonMap = {};
      for (const [k, x] of Object.entries(v)) {
        const cp = [...path, fieldElement(k)];
        if (set.has(cp)) continue;
        setOwn(out, k, touched(cp) ? walk(x, cp, childType(type, k)) : cloneJson(x));
      }
      return out;
    }
    if (Array.isArray(v) && type.kind === 'list' && type.relationship !== 'atomic') {
      const out: unknown[] = [];
      for (const item of v) {
        const ip = [...path, itemElement(item, type, path)];
        if (set.has(ip)) continue;
        out.push(touched(ip) ? walk(item, ip, type.element) : cloneJson(item));
      }
      return out;
    }
    return cloneJson(v);
  };
  return walk(obj, [], root) as JsonMap;
}
