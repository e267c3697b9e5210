/**
 * Structural comparisons for write paths: no-op detection (don't bump resourceVersion when a write
 * changes nothing) and generation bumps (k8s.io/apiextensions-apiserver/pkg/registry/customresource/
 * strategy.go PrepareForUpdate: any change outside metadata and status increments generation).
 */
import { deepEqual } from './json-value.js';

/** True when anything outside `metadata` and `status` differs: the write bumps `metadata.generation`. */
export function specChanged(oldObj: Record<string, unknown>, newObj: Record<string, unknown>): boolean {
  const strip = (o: Record<string, unknown>) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return rest;
  };
  return !deepEqual(strip(oldObj), strip(newObj));
}

/**
 * True when a write changes nothing a client could see, ignoring the fields the server maintains
 * on every write (by default only `metadata.resourceVersion`) given in
 * `ignoreMetadata`.
 */
export function isNoOpWrite(
  oldObj: Record<string, unknown>,
  newObj: Record<string, unknown>,
  ignoreMetadata: readonly string[] = ['resourceVersion'],
): boolean {
  const strip = (o: Record<string, unknown>) => {
    const meta = { ...((o.metadata as Record<string, unknown> | undefined) ?? {}) };
    for (const k of ignoreMetadata) delete meta[k];
    return { ...o, metadata: meta };
  };
  return deepEqual(strip(oldObj), strip(newObj));
}
