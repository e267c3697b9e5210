/**
 * Small helpers for the kinds' scheme defaults (`ResourceStrategy.applyDefaults`): they work on
 * plain JSON in place and never replace a value a client set (null counts as absent, as Go's JSON
 * decoding reads it).
 */

export type Json = Record<string, unknown>;

/** `value` when it is a JSON object, else undefined. */
export function asRecord(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The object at `obj[key]`, created empty when absent or null (a Go struct field without a pointer). */
export function child(obj: Json, key: string): Json {
  const existing = asRecord(obj[key]);
  if (existing) return existing;
  const created: Json = {};
  obj[key] = created;
  return created;
}

/** The object at `obj[key]`, or undefined (a Go pointer field: only defaulted when present). */
export function present(obj: Json, key: string): Json | undefined {
  return asRecord(obj[key]);
}

/** Sets `obj[key]` when it is absent or null. */
export function fill(obj: Json, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Sets `obj[key]` when it is absent, null or the empty string (a Go string compared with ""). */
export function fillString(obj: Json, key: string, value: string): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

/** The JSON objects of the list at `obj[key]` (none when it is not a list). */
export function items(obj: Json | undefined, key: string): Json[] {
  const list = obj?.[key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): Json[] => {
    const record = asRecord(item);
    return record ? [record] : [];
  });
}
