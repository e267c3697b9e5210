/**
 * Structural comparisons for write paths: no-op detection (don't bump resourceVersion when a write
 * changes nothing) and generation bumps (k8s.io/apiextensions-apiserver/pkg/registry/customresource/
 * strategy.go PrepareForUpdate: any change outside metadata and status increments generation).
 */
import { deepEqual } from './json-value.js';

/**
 * True when anything outside type meta, `metadata` and `status` differs: the write bumps
 * `metadata.generation`. Type meta is left out as upstream compares objects converted to one version.
 */
export function specChanged(oldObj: Record<string, unknown>, newObj: Record<string, unknown>): boolean {
  const strip = (o: Record<string, unknown>) => {
    const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = o;
    return rest;
  };
  return !deepEqual(strip(oldObj), strip(newObj));
}

/**
 * The one no-op test of the write path: true when a write changes nothing a client could see,
 * ignoring the metadata fields given in `ignoreMetadata` (by default only `resourceVersion`, which
 * the server maintains on every write). Such a write is never stored and keeps its resourceVersion.
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
