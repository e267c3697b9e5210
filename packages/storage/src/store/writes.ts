import { cloneJson, isNoOpWrite, isStorageError, StorageError } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { DeleteOptions, TryUpdate, UpdateOptions, WriteOptions } from '../store-types.js';
import { withResourceVersion } from './codec.js';
import type { StoreCore } from './core.js';
import { planDeletion } from './deletion.js';
import { objectKey } from './keys.js';
import { generateName } from './object-meta.js';
import {
  checkPreconditions,
  checkRequestedVersion,
  MODIFIED,
  prepareCreate,
  prepareUpdate,
  requestedVersion,
} from './prepare.js';
import type { ResourceCache } from './resource-cache.js';
import { shapeCreate, shapeUpdate } from './write-strategy.js';

export interface WriteContext {
  core: StoreCore;
  cache: ResourceCache;
  def: ResourceDefinition;
}

// follows k8s.io/apiserver pkg/registry/generic/registry/store.go (RetryGenerateName: 8 attempts)
const GENERATE_NAME_ATTEMPTS = 8;
/** Bound on compare-and-set retries of one update; each retry first catches up with the driver. */
const MAX_RETRIES = 100;

/** Create (store.go Create): the object shaped for an API write, admitted, prepared and written. */
export async function createObject(
  ctx: WriteContext,
  input: KubeObject,
  options: WriteOptions,
): Promise<KubeObject> {
  const shaped = shapeCreate(ctx.def, input, options.api);
  await options.admit?.(shaped, undefined);
  return insertObject(ctx, shaped, options);
}

/** Writes a shaped, admitted object as new, retrying a clashing generated name. */
async function insertObject(
  ctx: WriteContext,
  input: KubeObject,
  options: WriteOptions,
): Promise<KubeObject> {
  const { core, cache, def } = ctx;
  let obj = prepareCreate(def, input, core.now());
  const base = input.metadata?.name ? undefined : input.metadata?.generateName;
  for (let attempt = 1; ; attempt++) {
    const key = objectKey(def, obj.metadata.namespace, obj.metadata.name!);
    if (options.dryRun) {
      await core.fresh(key);
      if (cache.stored(key)) throw new StorageError('KeyExists', key);
      return obj;
    }
    const written: string[] = [];
    try {
      const kv = await core.driver.create(key, core.encoder(def, key, obj, written));
      return cloneJson(withResourceVersion(obj, kv.revision));
    } catch (err) {
      if (base !== undefined && isStorageError(err, 'KeyExists') && attempt < GENERATE_NAME_ATTEMPTS) {
        // `obj` was frozen by the encoder: retry with a renamed copy.
        obj = { ...obj, metadata: { ...obj.metadata, name: generateName(base) } };
        continue;
      }
      throw err;
    } finally {
      core.forget(written);
    }
  }
}

/** GuaranteedUpdate (k8s.io/apiserver pkg/storage/etcd3/store.go): read, tryUpdate, compare-and-set, retry. */
export async function updateObject(
  ctx: WriteContext,
  key: string,
  tryUpdate: TryUpdate,
  options: UpdateOptions,
): Promise<{ object: KubeObject; created: boolean }> {
  const { core, cache, def } = ctx;
  for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
    await core.fresh(key);
    const entry = cache.stored(key);
    if (!entry) {
      if (!options.allowCreate) throw new StorageError('KeyNotFound', key);
      const desired = shapeCreate(def, await tryUpdate(undefined), options.api);
      await options.admit?.(desired, undefined);
      // follows store.go Update: an update carrying a resourceVersion of a missing object is NotFound
      if (requestedVersion(desired)) throw new StorageError('KeyNotFound', key);
      try {
        return { object: await insertObject(ctx, desired, options), created: true };
      } catch (err) {
        if (isStorageError(err, 'KeyExists')) continue;
        throw err;
      }
    }
    const current = cache.objectOf(entry);
    checkPreconditions(key, current, options.preconditions);
    const desired = await tryUpdate(cloneJson(current));
    const shaped = shapeUpdate(def, desired, current, options.api);
    await options.admit?.(shaped, current);
    checkRequestedVersion(key, desired, current);
    const next = prepareUpdate(def, shaped, current);
    // A no-op is not written (etcd3 store.go GuaranteedUpdate), unless the value must be re-encoded.
    if (isNoOpWrite(current, next) && !entry.stale) return { object: cloneJson(current), created: false };
    const finished =
      next.metadata.deletionTimestamp !== undefined &&
      !next.metadata.finalizers?.length &&
      !def.strategy?.holdsDeletion?.(next);
    if (options.dryRun) return { object: next, created: false };
    const written: string[] = [];
    try {
      if (finished) {
        // The last finalizer is gone from an object being deleted: remove it (store.go deleteWithoutFinalizers).
        const { revision } = await core.driver.delete(key, entry.kv.revision);
        return { object: cloneJson(withResourceVersion(next, revision)), created: false };
      }
      const kv = await core.driver.update(key, entry.kv.revision, core.encoder(def, key, next, written));
      return { object: cloneJson(withResourceVersion(next, kv.revision)), created: false };
    } catch (err) {
      if (isStorageError(err, 'Conflict') || isStorageError(err, 'KeyNotFound')) continue;
      throw err;
    } finally {
      core.forget(written);
    }
  }
  throw new StorageError('Conflict', key, MODIFIED);
}

/**
 * Delete honouring preconditions, graceful deletion and finalizers (store.go Delete /
 * updateForGracefulDeletionAndFinalizers; the plan is `deletion.ts`'s). `deleted` is false while
 * the object stays, marked for deletion.
 */
export async function deleteObject(
  ctx: WriteContext,
  key: string,
  options: DeleteOptions,
): Promise<{ object: KubeObject; deleted: boolean }> {
  const { core, cache, def } = ctx;
  for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
    await core.fresh(key);
    const entry = cache.stored(key);
    if (!entry) throw new StorageError('KeyNotFound', key);
    const current = cache.objectOf(entry);
    checkPreconditions(key, current, options.preconditions);
    const plan = planDeletion(def, current, options.gracePeriodSeconds, core.now());
    if (plan.action === 'pending') return { object: cloneJson(current), deleted: false };
    const written: string[] = [];
    try {
      if (plan.action === 'delete') {
        if (options.dryRun) return { object: cloneJson(current), deleted: true };
        const { revision } = await core.driver.delete(key, entry.kv.revision);
        return { object: cloneJson(withResourceVersion(current, revision)), deleted: true };
      }
      const { next, thenDelete } = plan;
      if (options.dryRun) return { object: cloneJson(next), deleted: thenDelete };
      const kv = await core.driver.update(key, entry.kv.revision, core.encoder(def, key, next, written));
      if (!thenDelete) return { object: cloneJson(withResourceVersion(next, kv.revision)), deleted: false };
      // Marked with grace period 0: watchers saw the mark; now the object goes.
      const { revision } = await core.driver.delete(key, kv.revision);
      return { object: cloneJson(withResourceVersion(next, revision)), deleted: true };
    } catch (err) {
      if (isStorageError(err, 'Conflict')) continue;
      throw err;
    } finally {
      core.forget(written);
    }
  }
  throw new StorageError('Conflict', key, MODIFIED);
}
