/**
 * Structural comparisons for write paths: no-op detection (don't bump resourceVersion when a write
 * changes nothing) and generation bumps (k8s.io/apiextensions-apiserver/pkg/registry/customresource/
 * strategy.go PrepareForUpdate: any change outside metadata and status increments generation).
 */

/** Deep equality of JSON values, ignoring object key order; arrays compare in order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!Object.hasOwn(bo, k) || !deepEqual(ao[k], bo[k])) return false;
  }
  return true;
}

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
