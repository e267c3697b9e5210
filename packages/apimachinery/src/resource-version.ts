/**
 * resourceVersion and continue-token helpers. RVs are decimal strings of one global, monotonic
 * revision; `''` and `'0'` mean "any" (k8s.io/apiserver/pkg/storage/api_object_versioner.go
 * ParseResourceVersion). Continue tokens are base64url JSON `{v, rv, start}` like
 * k8s.io/apiserver/pkg/storage/continue.go, with its error texts. List option checks follow
 * k8s.io/apimachinery/pkg/apis/meta/internalversion/validation/validation.go.
 */
import type { FieldCause } from '@hs/resources';
import { badRequest, expired, invalid } from './status.js';
import { fieldInvalidMessage } from './validation.js';

/** Parses an RV: undefined, `''`, `'0'` → 0; decimal digits → the number; anything else → 400. */
export function parseResourceVersion(rv: string | undefined, field = 'resourceVersion'): number {
  if (rv === undefined || rv === '' || rv === '0') return 0;
  if (!/^\d+$/.test(rv)) {
    throw badRequest(
      fieldInvalidMessage(field, rv, `strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`),
    );
  }
  const n = Number(rv);
  if (!Number.isSafeInteger(n)) {
    throw badRequest(
      fieldInvalidMessage(field, rv, `strconv.ParseUint: parsing ${JSON.stringify(rv)}: value out of range`),
    );
  }
  return n;
}

/** True when `rv` is acceptable to {@link parseResourceVersion}. */
export function isValidResourceVersion(rv: string | undefined): boolean {
  return rv === undefined || rv === '' || (/^\d+$/.test(rv) && Number.isSafeInteger(Number(rv)));
}

/** Compares two valid RVs numerically (`'' ` and `'0'` are 0): negative, 0 or positive. */
export function compareResourceVersions(a: string, b: string): number {
  return parseResourceVersion(a) - parseResourceVersion(b);
}

export const formatResourceVersion = (rv: number): string => String(rv);

/** A decoded continue token: the RV of the list snapshot and the key to resume from. */
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

const invalidToken = (why: string) => badRequest(`invalid continue token: continue key is not valid: ${why}`);

/** Decodes a continue token; garbage → 400 `invalid continue token: …`. */
export function decodeContinue(token: string): ContinueToken {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(token)) throw invalidToken('illegal base64 data');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken('invalid character in encoded token');
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidToken('invalid encoded token');
  const { v, rv, start } = parsed as Record<string, unknown>;
  if (v !== TOKEN_VERSION) {
    throw invalidToken(`server does not recognize this encoded version ${JSON.stringify(String(v))}`);
  }
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) {
    throw invalidToken(`incorrect encoded start resourceVersion (version ${TOKEN_VERSION})`);
  }
  if (typeof start !== 'string') throw invalidToken('invalid start key');
  return { rv, start };
}

/** 410 for a continue token whose snapshot is gone (storage/etcd3 store.go). */
export const continueExpired = () =>
  expired(
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );

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
