/**
 * Building blocks of strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch/patch.go):
 * upstream's error values (pkg/util/mergepatch/errors.go), JSON kinds, directive handling and the
 * list ordering rules (normalizeElementOrder, mergeSortedSlice, partition…, validatePatchWithSetOrderList).
 */
import { setOwn } from './json-value.js';

export type JsonMap = Record<string, unknown>;

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

/** `badRequest`/`unprocessable` mirror the API server's interpretStrategicMergePatchError. */
export class StrategicMergePatchError extends Error {
  override readonly name = 'StrategicMergePatchError';
  constructor(
    message: string,
    readonly kind: 'badRequest' | 'unprocessable' | 'other',
  ) {
    super(message);
  }
}

export const errBadJSONDoc = () => new StrategicMergePatchError('invalid JSON document', 'badRequest');
export const errBadPrimitiveList = () =>
  new StrategicMergePatchError('invalid patch format of primitive list', 'badRequest');
export const errBadRetainKeys = () =>
  new StrategicMergePatchError('invalid patch format of retainKeys', 'badRequest');
export const errBadSetElementOrder = () =>
  new StrategicMergePatchError('invalid patch format of setElementOrder list', 'badRequest');
export const errNoListOfLists = () =>
  new StrategicMergePatchError('lists of lists are not supported', 'unprocessable');
export const other = (message: string) => new StrategicMergePatchError(message, 'other');

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

export type Kind = 'map' | 'slice' | 'string' | 'number' | 'bool' | 'null';
export const kindOf = (v: unknown): Kind =>
  v === null || v === undefined
    ? 'null'
    : Array.isArray(v)
      ? 'slice'
      : typeof v === 'object'
        ? 'map'
        : typeof v === 'string'
          ? 'string'
          : typeof v === 'number'
            ? 'number'
            : 'bool';

/** Go's %v rendering, used in upstream's error texts. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isMap(v)) {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goFormat(v[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

export const goTypeName = (v: unknown): string => {
  switch (kindOf(v)) {
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return '<nil>';
  }
};
export const errBadArgType = (expected: string, actual: unknown) =>
  other(`expected a ${expected}, but received a ${goTypeName(actual)}`);
export const errNoMergeKey = (m: unknown, key: string) =>
  other(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);

/** Removes `null` values everywhere (discardNullValuesFromPatch), in place. */
export function discardNulls(v: unknown): void {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k]);
    }
  }
}

/** Drops maps carrying `$patch` (and their fields/elements); returns [value, keep]. */
export function removeDirectives(v: unknown): [unknown, boolean] {
  if (isMap(v)) {
    if (Object.hasOwn(v, DIRECTIVE)) return [undefined, false];
    for (const k of Object.keys(v)) {
      const [nv, keep] = removeDirectives(v[k]);
      if (keep) setOwn(v, k, nv);
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      const [nv, keep] = removeDirectives(e);
      if (keep) out.push(nv);
    }
    return [out, true];
  }
  return [v, true];
}

export function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw errBadPrimitiveList();
    if (prefix === SET_ELEMENT_ORDER) throw errBadSetElementOrder();
    throw other(`fail to find unknown prefix "${prefix}" in ${s}\n`);
  }
  return s.slice(slash + 1);
}

/** The one element kind of all given lists; lists of lists and mixed lists are errors. */
export function sliceElementKind(...slices: Array<unknown[] | undefined>): Kind {
  let prev: Kind | undefined;
  for (const s of slices) {
    for (const v of s ?? []) {
      const k = kindOf(v);
      if (prev === undefined) {
        if (k === 'slice') throw errNoListOfLists();
        prev = k;
      } else if (prev !== k) {
        throw other(`list element types are not identical: ${goFormat(slices.map((x) => x ?? []))}`);
      }
    }
  }
  if (prev === undefined) throw other('no elements in any of the given slices');
  return prev;
}

export function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: Kind): number {
  const val = (x: unknown) => (kind === 'map' ? (isMap(x) ? x[mergeKey] : undefined) : x);
  const target = val(item);
  return list.findIndex((x) => val(x) === target);
}

export function findByKey(list: unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!isMap(e)) throw other(`value for key ${i} is not a map`);
    if (Object.hasOwn(e, key) && e[key] === value) return i;
  }
  return -1;
}

export function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const e of list) {
      if (!isMap(e)) throw errBadArgType('map[string]interface {}', e);
      if (!Object.hasOwn(e, mergeKey)) throw errNoMergeKey(e, mergeKey);
    }
  }
}

/** Sorts `toSort` by position in `order` (stable); maps marked `$patch: delete` go last. */
export function normalizeSliceOrder(
  toSort: unknown[],
  order: unknown[],
  mergeKey: string,
  kind: Kind,
): unknown[] {
  let keep = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    keep = toSort.filter((e) => (e as JsonMap)[DIRECTIVE] !== 'delete');
    toDelete = toSort.filter((e) => (e as JsonMap)[DIRECTIVE] === 'delete');
  }
  const decorated = keep.map((e, i) => ({ e, i, at: indexIn(order, e, mergeKey, kind) }));
  decorated.sort((a, b) => {
    if (a.at >= 0 && b.at >= 0) return a.at - b.at || a.i - b.i;
    if (a.at >= 0) return -1;
    if (b.at >= 0) return 1;
    return a.i - b.i;
  });
  return [...decorated.map((d) => d.e), ...toDelete];
}

/** Interleaves server-only items (left) into patch items (right) by their order in the live list. */
export function mergeSortedSlice(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: Kind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: Kind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

export function partition(
  merged: unknown[],
  by: unknown[],
  mergeKey: string,
  kind: Kind,
): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) {
    let found: boolean;
    if (kind === 'map') {
      if (!isMap(v)) throw errBadArgType('map[string]interface {}', v);
      if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      found = findByKey(by, mergeKey, v[mergeKey]) >= 0;
    } else {
      found = by.includes(v);
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** The relative order in `$setElementOrder` must agree with the patch list (validatePatchWithSetOrderList). */
export function validatePatchWithSetOrderList(
  patchList: unknown[],
  setOrder: unknown[],
  mergeKey: string,
): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey
    ? patchList.filter((e) => {
        if (!isMap(e)) throw errBadArgType('map[string]interface {}', e);
        return e[DIRECTIVE] !== 'delete';
      })
    : patchList;
  const keyOf = (x: unknown) => {
    if (!mergeKey) return x;
    if (!isMap(x)) throw errBadArgType('map[string]interface {}', x);
    if (!Object.hasOwn(x, mergeKey)) throw errNoMergeKey(x, mergeKey);
    return x[mergeKey];
  };
  let pi = 0;
  let si = 0;
  while (pi < nonDelete.length && si < setOrder.length) {
    const item = nonDelete[pi];
    if (isMap(item) && Object.hasOwn(item, DIRECTIVE)) {
      pi++;
      continue;
    }
    if (keyOf(item) === keyOf(setOrder[si])) pi++;
    si++;
  }
  if (pi < nonDelete.length && si >= setOrder.length) {
    throw other(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(setOrder)}\n`,
    );
  }
}
