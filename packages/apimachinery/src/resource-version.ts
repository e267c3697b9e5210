/**
 * resourceVersion and continue-token helpers. RVs are decimal strings of one global, monotonic
 * revision; `''` and `'0'` mean "any" (k8s.io/apiserver/pkg/storage/api_object_versioner.go
 * ParseResourceVersion). Continue tokens are base64url JSON `{v, rv, start}` like
 * k8s.io/apiserver/pkg/storage/continue.go, with its error texts. List option checks follow
 * k8s.io/apimachinery/pkg/apis/meta/internalversion/validation/validation.go.
 */
import type { FieldCause } from '@hs/resources';
import { scanGoJson } from './go-json.js';
import { badRequest, invalid } from './status.js';
import { fieldInvalidMessage } from './validation.js';

/**
 * The one reading of a resourceVersion string: absent or `''` → `undefined`, decimal digits in
 * the safe-integer range → the number (`'0'` → 0), anything else → the reason in upstream's
 * strconv.ParseUint words. Callers turn a reason into their own error (a 400 here, a storage
 * error in the store).
 */
export function readResourceVersion(
  rv: string | undefined,
): { rv: number | undefined; reason?: undefined } | { rv?: undefined; reason: string } {
  if (rv === undefined || rv === '') return { rv: undefined };
  if (!/^\d+$/.test(rv))
    return { reason: `strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax` };
  const n = Number(rv);
  if (!Number.isSafeInteger(n)) {
    return { reason: `strconv.ParseUint: parsing ${JSON.stringify(rv)}: value out of range` };
  }
  return { rv: n };
}

/** Parses an RV: undefined, `''`, `'0'` → 0; decimal digits → the number; anything else → 400. */
export function parseResourceVersion(rv: string | undefined, field = 'resourceVersion'): number {
  const read = readResourceVersion(rv);
  if (read.reason !== undefined) throw badRequest(fieldInvalidMessage(field, rv, read.reason));
  return read.rv ?? 0;
}

/**
 * A continue token: the revision of the list snapshot and the last key returned. `rv` -1 (as
 * upstream's etcd3 handleCompactedErrorForPaging hands out) continues at the newest revision.
 */
export interface ContinueToken {
  rv: number;
  start: string;
}

const TOKEN_VERSION = 'meta.k8s.io/v1';

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: TOKEN_VERSION, rv: token.rv, start: token.start })).toString(
    'base64url',
  );
}

const BASE64_URL = /^[A-Za-z0-9_-]$/;

/** base64.RawURLEncoding.DecodeString's error (CorruptInputError), or undefined. */
function base64Error(token: string): string | undefined {
  for (let i = 0; i < token.length; i++) {
    if (!BASE64_URL.test(token[i] ?? '')) return `illegal base64 data at input byte ${i}`;
  }
  if (token.length % 4 === 1) return `illegal base64 data at input byte ${token.length - 1}`;
  return undefined;
}

/** encoding/json's type error for a continueToken field (storage.continueToken). */
function fieldTypeError(field: string, value: unknown, goType: string): string {
  const kind = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  // A number that does not fit an integer field is quoted with its literal; into a string, not.
  const shown =
    kind === 'number' && goType === 'int64' ? `number ${String(value)}` : kind === 'boolean' ? 'bool' : kind;
  return `json: cannot unmarshal ${shown} into Go struct field continueToken.${field} of type ${goType}`;
}

const INVALID = 'continue key is not valid';

/**
 * Reads a continue token: the token, or why it is not one, in the words of upstream's
 * storage/continue.go DecodeContinue (its errors wrap Go's base64 and encoding/json texts).
 */
export function readContinue(
  token: string,
): { token: ContinueToken; reason?: undefined } | { token?: undefined; reason: string } {
  const bad = base64Error(token);
  if (bad) return { reason: `${INVALID}: ${bad}` };
  const text = Buffer.from(token, 'base64url').toString('latin1');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (err) {
    return { reason: `${INVALID}: ${scanGoJson(text).syntaxError ?? (err as Error).message}` };
  }
  if (parsed === null) parsed = {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
    return {
      reason: `${INVALID}: json: cannot unmarshal ${kind} into Go value of type storage.continueToken`,
    };
  }
  const { v = '', rv = 0, start = '' } = parsed as Record<string, unknown>;
  if (v !== null && typeof v !== 'string')
    return { reason: `${INVALID}: ${fieldTypeError('v', v, 'string')}` };
  if (rv !== null && (typeof rv !== 'number' || !Number.isSafeInteger(rv)))
    return { reason: `${INVALID}: ${fieldTypeError('rv', rv, 'int64')}` };
  if (start !== null && typeof start !== 'string')
    return { reason: `${INVALID}: ${fieldTypeError('start', start, 'string')}` };
  if ((v ?? '') !== TOKEN_VERSION)
    return { reason: `${INVALID}: server does not recognize this encoded version ${v ?? ''}` };
  if (!rv)
    return { reason: `${INVALID}: incorrect encoded start resourceVersion (version ${TOKEN_VERSION})` };
  if (!start) return { reason: `${INVALID}: encoded start key empty (version ${TOKEN_VERSION})` };
  return { token: { rv: rv < 0 ? -1 : rv, start } };
}

/** The message of the 410 for a continue token whose snapshot is gone (storage/etcd3 errors.go). */
export const CONTINUE_EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** The prefix kube-apiserver's store puts before a DecodeContinue error (etcd3 store.go GetList). */
export const INVALID_CONTINUE_PREFIX = 'invalid continue token: ';

export interface ListOptionsInput {
  watch?: boolean;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: string | undefined;
  continue?: string | undefined;
  /** `undefined` when the parameter was not sent. */
  sendInitialEvents?: boolean | undefined;
}

/**
 * Upstream ValidateListOptions: inconsistent list/watch options → 422 Invalid on
 * `ListOptions.meta.k8s.io`. `watchList` says whether `sendInitialEvents` watches are served;
 * when not, such a request gets the 422 that makes client-go fall back to list + watch.
 */
export function validateListOptions(opts: ListOptionsInput, features: { watchList: boolean }): void {
  const causes: FieldCause[] = [];
  const forbidden = (field: string, detail: string) =>
    causes.push({ field, reason: 'FieldValueForbidden', message: `Forbidden: ${detail}` });
  const notSupported = (field: string, value: string, supported: string[]) =>
    causes.push({
      field,
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
    });
  const match = opts.resourceVersionMatch ?? '';
  if (opts.watch) {
    if (opts.sendInitialEvents !== undefined) {
      if (match !== 'NotOlderThan') {
        forbidden(
          'resourceVersionMatch',
          'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        );
      }
      if (!features.watchList) {
        forbidden(
          'sendInitialEvents',
          'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
        );
      }
    }
    if (match) {
      if (opts.sendInitialEvents === undefined) {
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        );
      }
      if (match !== 'NotOlderThan') notSupported('resourceVersionMatch', match, ['NotOlderThan']);
      if (opts.continue)
        forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
    }
  } else {
    if (match) {
      if (!opts.resourceVersion) {
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        );
      }
      if (opts.continue)
        forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
      if (match !== 'Exact' && match !== 'NotOlderThan') {
        notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']);
      }
      if (match === 'Exact' && opts.resourceVersion === '0') {
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        );
      }
    }
    if (opts.sendInitialEvents !== undefined)
      forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list');
  }
  if (causes.length) throw invalid('meta.k8s.io', 'ListOptions', '', causes);
}
