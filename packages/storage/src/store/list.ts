import {
  CONTINUE_EXPIRED_MESSAGE,
  type ContinueToken,
  encodeContinue,
  INVALID_CONTINUE_PREFIX,
  readContinue,
  readResourceVersion,
  StorageError,
} from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { nextTurn } from '../next-turn.js';
import type { ListOptions, ListResult } from '../store-types.js';
import type { StoreCore } from './core.js';
import { listPrefix } from './keys.js';
import type { CacheEntry, ResourceCache } from './resource-cache.js';

/** Objects decoded and filtered per turn of the event loop in a LIST. */
const LIST_SLICE = 1_000;

/** A continue token as the store reads it: one of `prefix`'s, else InvalidObject. */
export function decodeContinue(value: string, prefix: string): ContinueToken {
  const read = readContinue(value);
  if (read.token && !read.token.start.startsWith(prefix)) {
    throw new StorageError(
      'InvalidObject',
      prefix,
      `${INVALID_CONTINUE_PREFIX}continue key is not valid: the token pages another collection`,
    );
  }
  if (read.reason !== undefined) {
    throw new StorageError('InvalidObject', prefix, `${INVALID_CONTINUE_PREFIX}${read.reason}`);
  }
  return read.token;
}

/** A resourceVersion parameter as a number; '' and undefined are undefined. Throws InvalidObject. */
export function parseResourceVersion(value: string | undefined, key: string): number | undefined {
  const read = readResourceVersion(value);
  if (read.reason !== undefined) {
    throw new StorageError('InvalidObject', key, `invalid resource version: ${JSON.stringify(value)}`);
  }
  return read.rv;
}

/**
 * LIST served from the watch cache, with the resourceVersion semantics of kube-apiserver
 * (k8s.io/apiserver pkg/storage/cacher): '' = consistent (waits for the newest commit), '0' = any,
 * N = not older than N (waits), N + Exact = the state at N from history. Pages come from one
 * snapshot: the continue token pins the revision and later pages roll history back to it.
 */
export async function listObjects(
  core: StoreCore,
  cache: ResourceCache,
  def: ResourceDefinition,
  options: ListOptions,
): Promise<ListResult> {
  const prefix = listPrefix(def, options.namespace);
  let snapshot: number;
  let after: string | undefined;
  if (options.continue) {
    const token = decodeContinue(options.continue, prefix);
    // rv -1: continue at the newest revision (the token handed with a 410 below).
    snapshot = token.rv < 0 ? core.revision : token.rv;
    after = token.start;
    if (snapshot < cache.floor || snapshot > core.revision) {
      // As etcd3 handleCompactedErrorForPaging: the 410 hands a token that continues the list,
      // inconsistently, at the newest revision.
      throw new StorageError('Compacted', prefix, CONTINUE_EXPIRED_MESSAGE, {
        revision: cache.floor,
        continue: encodeContinue({ rv: -1, start: token.start }),
      });
    }
  } else {
    const rv = parseResourceVersion(options.resourceVersion, prefix);
    if (rv === undefined) await core.fresh(prefix);
    else if (rv > core.revision && !(await core.waitFor(rv))) {
      throw new StorageError(
        'Timeout',
        prefix,
        `Too large resource version: ${rv}, current: ${core.revision}`,
        {
          revision: rv,
          retryAfterSeconds: 1,
        },
      );
    }
    snapshot = options.resourceVersionMatch === 'Exact' && rv !== undefined && rv !== 0 ? rv : core.revision;
    if (snapshot < cache.floor) {
      // The text of k8s.io/apiserver pkg/storage/etcd3/errors.go `expired`: kube-apiserver serves
      // such a list from etcd (its watch cache never answers a list 410).
      throw new StorageError('Compacted', prefix, 'The resourceVersion for the provided list is too old.', {
        revision: cache.floor,
      });
    }
  }
  const limit = options.limit && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
  // The snapshot is taken in one synchronous step (the cache moves on between slices); without a
  // predicate, the page's entries are taken and the rest only counted (in O(log n) when every
  // entry counts), never decoded.
  const predicate = options.predicate;
  const pairs: [string, CacheEntry][] = [];
  let uncounted = 0;
  const counting = predicate === undefined && !options.storedOnly;
  for (const pair of cache.stateAt(snapshot, prefix, after)) {
    if (options.storedOnly && pair[1].implied) continue;
    if (predicate === undefined && pairs.length >= limit) {
      if (counting) {
        uncounted = cache.countAt(snapshot, prefix, pairs[pairs.length - 1]![0]);
        break;
      }
      uncounted++;
    } else pairs.push(pair);
  }
  const items: KubeObject[] = [];
  let lastKey: string | undefined;
  let remaining = uncounted;
  for (let start = 0; start < pairs.length; start += LIST_SLICE) {
    // Decoding and filtering run in slices, yielding to other requests between them.
    if (start > 0) await nextTurn();
    const end = Math.min(pairs.length, start + LIST_SLICE);
    for (let i = start; i < end; i++) {
      const [key, entry] = pairs[i]!;
      if (items.length >= limit && predicate === undefined) {
        remaining++;
        continue;
      }
      const obj = cache.objectOf(entry);
      if (predicate && !predicate(obj)) continue;
      if (items.length < limit) {
        items.push(obj);
        lastKey = key;
      } else {
        remaining++;
      }
    }
  }
  const result: ListResult = { items, resourceVersion: String(snapshot) };
  if (remaining > 0 && lastKey !== undefined) {
    result.continue = encodeContinue({ rv: snapshot, start: lastKey });
    result.remainingItemCount = remaining;
  }
  return result;
}
