/**
 * Strategic merge patch application, following k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
 * (StrategicMergeMapPatchUsingLookupPatchMeta with MergeParallelList and IgnoreUnmatchedNulls, as the
 * API server calls it) and its error classes (pkg/util/mergepatch/errors.go). The Go struct tags
 * `patchStrategy`/`patchMergeKey` come from the definition's `listMergeKeys`, addressed by dot
 * path with `[]` for list elements (`spec.template.spec.containers[].ports`).
 *
 * - maps merge recursively; `null` deletes a key; a field whose strategy is `replace` is replaced;
 * - lists with strategy `merge`: lists of maps merge by merge key, lists of scalars merge as sets;
 *   every other list is replaced;
 * - directives: `$patch: replace|delete` in a map, `$patch: replace|delete` elements in a merging
 *   list, `$retainKeys`, `$deleteFromPrimitiveList/<f>`, `$setElementOrder/<f>`.
 *
 * Works on copies: inputs are never mutated.
 */
import type { ListMergeKey } from '@hs/resources';
import { cloneJson } from './json-clone.js';
import { getOwn, setOwn } from './json-value.js';
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  discardNulls,
  errBadArgType,
  errBadJSONDoc,
  errBadRetainKeys,
  errNoMergeKey,
  extractKey,
  findByKey,
  goFormat,
  isMap,
  type JsonMap,
  kindOf,
  normalizeElementOrder,
  other,
  partition,
  RETAIN_KEYS,
  removeDirectives,
  SET_ELEMENT_ORDER,
  sliceElementKind,
  validatePatchWithSetOrderList,
} from './strategic-merge-support.js';

export { StrategicMergePatchError } from './strategic-merge-support.js';

interface PatchMeta {
  strategy: '' | 'merge' | 'replace';
  mergeKey: string;
}

const NO_META: PatchMeta = { strategy: '', mergeKey: '' };

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key);
const elementPath = (path: string) => `${path}[]`;

class Merger {
  private readonly meta = new Map<string, PatchMeta>();

  constructor(listMergeKeys: readonly ListMergeKey[]) {
    for (const lmk of listMergeKeys) {
      const strategies = lmk.strategy.split(',').map((s) => s.trim());
      const strategy = strategies.includes('merge')
        ? 'merge'
        : strategies.includes('replace')
          ? 'replace'
          : '';
      this.meta.set(lmk.path, { strategy, mergeKey: lmk.mergeKey ?? '' });
    }
  }

  private lookup(path: string): PatchMeta {
    return this.meta.get(path) ?? NO_META;
  }

  mergeMap(original: JsonMap | undefined, patch: JsonMap, path: string): JsonMap {
    if (Object.hasOwn(patch, DIRECTIVE)) {
      const directive = patch[DIRECTIVE];
      if (directive === 'replace') {
        delete patch[DIRECTIVE];
        discardNulls(patch);
        return patch;
      }
      if (directive === 'delete') return {};
      throw other(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
    }
    const orig = original ?? {};
    this.applyRetainKeys(orig, patch);
    this.applySetElementOrder(orig, patch, path);

    for (const key of Object.keys(patch)) {
      const patchV = patch[key];
      let k = key;
      let isDeleteList = false;
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        k = extractKey(key, DELETE_FROM_PRIMITIVE_LIST);
        isDeleteList = true;
      }
      if (patchV === null) {
        delete orig[k];
        continue;
      }
      const origV = getOwn(orig, k);
      if (origV === undefined || kindOf(origV) !== kindOf(patchV)) {
        if (!isDeleteList) {
          discardNulls(patchV);
          const [v, keep] = removeDirectives(patchV);
          if (keep) setOwn(orig, k, v);
          else delete orig[k];
        }
        continue;
      }
      const p = childPath(path, k);
      const meta = this.lookup(p);
      if (isMap(origV)) {
        if (meta.strategy === 'replace') discardNulls(patchV);
        setOwn(orig, k, meta.strategy === 'replace' ? patchV : this.mergeMap(origV, patchV as JsonMap, p));
      } else if (Array.isArray(origV)) {
        const merging = meta.strategy === 'merge' || isDeleteList;
        if (!merging) discardNulls(patchV);
        setOwn(
          orig,
          k,
          merging ? this.mergeSlice(origV, patchV as unknown[], p, meta.mergeKey, isDeleteList) : patchV,
        );
      } else {
        const [v, keep] = removeDirectives(patchV);
        if (keep) setOwn(orig, k, v);
        else delete orig[k];
      }
    }
    return orig;
  }

  /** `$retainKeys`: drop original keys not listed; every patched key must be listed. */
  private applyRetainKeys(original: JsonMap, patch: JsonMap): void {
    if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
    const list = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(list)) throw errBadRetainKeys();
    const keep = new Set(list);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
      if (!keep.has(k)) throw errBadRetainKeys();
    }
    for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
  }

  /** `$setElementOrder/<f>`: merges list `f` and orders it as the directive says (mergePatchIntoOriginal). */
  private applySetElementOrder(original: JsonMap, patch: JsonMap, path: string): void {
    for (const key of Object.keys(patch)) {
      if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
      const order = patch[key];
      delete patch[key];
      if (!Array.isArray(order)) throw errBadArgType('[]interface {}', order);
      const field = extractKey(key, SET_ELEMENT_ORDER);
      const foundOriginal = Object.hasOwn(original, field);
      const foundPatch = Object.hasOwn(patch, field);
      const originalList = original[field];
      const patchList = patch[field];
      if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType('[]interface {}', originalList);
      if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('[]interface {}', patchList);
      const origArr = foundOriginal ? (originalList as unknown[]) : undefined;
      const patchArr = foundPatch ? (patchList as unknown[]) : undefined;
      const p = childPath(path, field);
      const meta = this.lookup(p);
      validatePatchWithSetOrderList(patchArr ?? [], order, meta.mergeKey);

      let merged: unknown[];
      if (origArr && !patchArr) merged = origArr;
      else if (!origArr && patchArr) merged = removeDirectives(patchArr)[0] as unknown[];
      else if (origArr && patchArr) {
        merged =
          meta.strategy === 'merge'
            ? this.mergeSlice(origArr, patchArr, p, meta.mergeKey, false)
            : (patchArr as unknown[]);
      } else continue;

      const kind = sliceElementKind(origArr, patchArr);
      const mergeKey = kind === 'map' ? meta.mergeKey : '';
      const [inPatch, serverOnly] = partition(merged, order, mergeKey, kind);
      setOwn(
        original,
        field,
        normalizeElementOrder(inPatch, serverOnly, order, origArr ?? [], mergeKey, kind),
      );
      delete patch[field];
    }
  }

  mergeSlice(
    original: unknown[],
    patch: unknown[],
    path: string,
    mergeKey: string,
    isDeleteList: boolean,
  ): unknown[] {
    if (original.length === 0 && patch.length === 0) return original;
    const kind = sliceElementKind(original, patch);
    let orig = original;
    let pat = patch;
    let merged: unknown[];
    if (kind !== 'map') {
      if (isDeleteList) return orig.filter((v) => !pat.includes(v));
      merged = [];
      for (const v of [...orig, ...pat]) if (!merged.includes(v)) merged.push(v);
    } else {
      if (!mergeKey) throw other(`cannot merge lists without merge key for ${path}`);
      [orig, pat] = this.mergeSpecialElements(orig, pat, mergeKey);
      merged = this.mergeWithoutSpecialElements(orig, pat, mergeKey, path);
    }
    const key = kind === 'map' ? mergeKey : '';
    const [inPatch, serverOnly] = partition(merged, pat, key, kind);
    return normalizeElementOrder(inPatch, serverOnly, pat, orig, key, kind);
  }

  /** Handles `{$patch: delete, <key>: v}` and `{$patch: replace}` elements (mergeSliceWithSpecialElements). */
  private mergeSpecialElements(
    original: unknown[],
    patch: unknown[],
    mergeKey: string,
  ): [unknown[], unknown[]] {
    const plain: unknown[] = [];
    let orig = original;
    let replace = false;
    for (const v of patch) {
      const m = v as JsonMap;
      if (!Object.hasOwn(m, DIRECTIVE)) {
        plain.push(v);
        continue;
      }
      const directive = m[DIRECTIVE];
      if (directive === 'delete') {
        if (!Object.hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
        const value = m[mergeKey];
        orig = orig.filter((e) => !(isMap(e) && Object.hasOwn(e, mergeKey) && e[mergeKey] === value));
      } else if (directive === 'replace') {
        replace = true;
      } else if (directive === 'merge') {
        throw other('merging lists cannot yet be specified in the patch');
      } else {
        throw other(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(m)}`);
      }
    }
    if (replace) {
      plain.forEach(discardNulls);
      return [plain, []];
    }
    return [orig, plain];
  }

  private mergeWithoutSpecialElements(
    original: unknown[],
    patch: unknown[],
    mergeKey: string,
    path: string,
  ): unknown[] {
    const out = [...original];
    for (const v of patch) {
      const m = v as JsonMap;
      if (!Object.hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
      const at = findByKey(out, mergeKey, m[mergeKey]);
      if (at >= 0) {
        out[at] = this.mergeMap(out[at] as JsonMap, m, elementPath(path));
      } else {
        discardNulls(m);
        out.push(removeDirectives(m)[0]);
      }
    }
    return out;
  }
}

/**
 * Applies a strategic merge patch (parsed JSON) to `original`; returns a new object.
 * Throws {@link StrategicMergePatchError}; a patch that is not a JSON object is `invalid JSON document`.
 */
export function strategicMergePatch(
  original: JsonMap,
  patch: unknown,
  listMergeKeys: readonly ListMergeKey[],
): JsonMap {
  if (!isMap(patch)) throw errBadJSONDoc();
  return new Merger(listMergeKeys).mergeMap(cloneJson(original), cloneJson(patch), '');
}
