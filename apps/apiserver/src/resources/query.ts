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

/**
 * A non-negative integer parameter; absent → undefined. Not a number is 400 with the text of Go's
 * strconv.ParseInt, as kube-apiserver's query decoder answers it.
 */
export function int(query: Query, name: string): number | undefined {
  const value = str(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  if (value.startsWith('-'))
    throw badRequest(`invalid value for ${name}: "${value}" is not a non-negative integer`);
  return Number(value);
}
