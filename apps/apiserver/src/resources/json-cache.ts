/**
 * JSON of the objects the store shares is computed once per object. List items and watch events
 * are frozen and shared with the store's watch cache (the ResourceStore contract), so an object's
 * JSON never changes while the object lives: it is kept in a WeakMap keyed by the object and
 * reused by every LIST and every watcher (upstream's cachingObject does the same for watch
 * events, k8s.io/apiserver/pkg/storage/cacher/caching_object.go). Objects that are not frozen
 * (private copies from `get` or a write) are serialised each time.
 */
import type { KubeObject } from '@hs/resources';
import type { ListResult } from '@hs/storage';

const jsonOf = new WeakMap<object, string>();

/**
 * `JSON.stringify(obj)`, cached for frozen (shared, immutable) objects. With `keep: false` a text
 * not cached yet is computed without being kept: a large LIST reuses what GETs and watches cached
 * but does not hold a second copy of every object it streams.
 */
export function objectJson(obj: object, keep = true): string {
  if (!Object.isFrozen(obj)) return JSON.stringify(obj);
  if (!keep) return jsonOf.get(obj) ?? JSON.stringify(obj);
  let json = jsonOf.get(obj);
  if (json === undefined) {
    json = JSON.stringify(obj);
    jsonOf.set(obj, json);
  }
  return json;
}

/**
 * The JSON of an object as a list item: the object's own text, or without `apiVersion`/`kind`
 * (typed lists of built-in kinds, see @hs/resources listShape). The text without TypeMeta is cut
 * from the (cached) object text when that begins with them, so no second copy is kept.
 */
export function itemJson(obj: KubeObject, typeMeta: boolean, keep = true): string {
  if (typeMeta) return objectJson(obj, keep);
  if (Object.isFrozen(obj)) {
    const full = objectJson(obj, keep);
    const head = `{"apiVersion":${JSON.stringify(obj.apiVersion)},"kind":${JSON.stringify(obj.kind)}`;
    if (full.startsWith(head)) {
      const rest = full.slice(head.length);
      return rest.startsWith(',') ? `{${rest.slice(1)}` : `{${rest}`;
    }
  }
  return JSON.stringify(withoutTypeMeta(obj));
}

/** An object without its `apiVersion` and `kind` (a shallow copy). */
export function withoutTypeMeta(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = obj;
  return rest;
}

/** The list metadata of a LIST answer, in upstream's field order; see listShape for `emptyContinue`. */
export function listMetadata(
  result: Omit<ListResult, 'items'>,
  emptyContinue = false,
): Record<string, unknown> {
  return {
    ...(emptyContinue ? { continue: result.continue ?? '' } : {}),
    resourceVersion: result.resourceVersion,
    ...(!emptyContinue && result.continue ? { continue: result.continue } : {}),
    ...(result.remainingItemCount !== undefined ? { remainingItemCount: result.remainingItemCount } : {}),
  };
}

/** The envelope of a LIST answer and whether its items carry apiVersion/kind. */
export interface ListHead {
  kind: string;
  apiVersion: string;
  metadata: Record<string, unknown>;
  itemTypeMeta: boolean;
}

/**
 * Exactly `JSON.stringify({ kind, apiVersion, metadata, items })` (items without apiVersion/kind
 * unless `itemTypeMeta`), assembled from the items' cached JSON so a LIST of unchanged objects
 * serialises only its envelope. A page of a larger collection (one with a continue token) reuses
 * cached texts but keeps none: paging through 100,000 objects must not keep a copy of each.
 */
export function listJson(list: ListHead, items: readonly KubeObject[]): string {
  const { kind, apiVersion, metadata } = list;
  const head = JSON.stringify({ kind, apiVersion, metadata });
  const keep = !metadata.continue;
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) parts[i] = itemJson(items[i] as KubeObject, list.itemTypeMeta, keep);
  return `${head.slice(0, -1)},"items":[${parts.join(',')}]}`;
}

/** Items serialised per chunk of a streamed LIST, each chunk on its own turn of the event loop. */
export const LIST_CHUNK = 500;

/**
 * The same text as `listJson`, as chunks produced one slice of items per turn of the event loop:
 * a LIST of 100,000 objects neither builds one huge string nor keeps other requests waiting while
 * its items are serialised. Fed to a Readable, it is also paced by the client's reading. Item
 * texts are not cached (memory proportional to the data: one copy of each object).
 */
export async function* listJsonChunks(list: ListHead, items: readonly KubeObject[]): AsyncGenerator<string> {
  const { kind, apiVersion, metadata } = list;
  const head = JSON.stringify({ kind, apiVersion, metadata });
  yield `${head.slice(0, -1)},"items":[`;
  for (let start = 0; start < items.length; start += LIST_CHUNK) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const end = Math.min(items.length, start + LIST_CHUNK);
    const parts = new Array<string>(end - start);
    for (let i = start; i < end; i++)
      parts[i - start] = itemJson(items[i] as KubeObject, list.itemTypeMeta, false);
    yield start === 0 ? parts.join(',') : `,${parts.join(',')}`;
  }
  yield ']}';
}

const lineOf = new WeakMap<object, { type: string; line: Buffer }>();

/**
 * One watch event as a newline-terminated JSON line, exactly `JSON.stringify({ type, object })`;
 * for a frozen object the encoded line is built once and written to every watcher.
 */
export function watchLine(type: string, object: object): Buffer {
  if (!Object.isFrozen(object)) return Buffer.from(`${JSON.stringify({ type, object })}\n`);
  const cached = lineOf.get(object);
  if (cached?.type === type) return cached.line;
  const line = Buffer.from(`{"type":${JSON.stringify(type)},"object":${objectJson(object)}}\n`);
  lineOf.set(object, { type, line });
  return line;
}
