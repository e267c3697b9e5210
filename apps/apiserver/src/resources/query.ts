/** Typed reads of Kubernetes query parameters; a repeated parameter takes its first value, as Go's url.Values.Get. */
import { badRequest } from '@hs/apimachinery';

export type Query = Record<string, string | string[] | undefined>;

export function str(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `true`/`1` → true, `false`/`0`/absent → false, as strconv.ParseBool; anything else is 400. */
export function bool(query: Query, name: string): boolean {
  const value = str(query, name);
  if (value === undefined || value === '') return false;
  switch (value.toLowerCase()) {
    case 'true':
    case '1':
    case 't':
      return true;
    case 'false':
    case '0':
    case 'f':
      return false;
    default:
      throw badRequest(`invalid value for ${name}: "${value}" is not a boolean`);
  }
}

/** A non-negative integer parameter; absent → undefined. */
export function int(query: Query, name: string): number | undefined {
  const value = str(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value))
    throw badRequest(`invalid value for ${name}: "${value}" is not a non-negative integer`);
  return Number(value);
}
