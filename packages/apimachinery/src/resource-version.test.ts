import { describe, expect, it } from 'vitest';
import {
  encodeContinue,
  parseResourceVersion,
  readContinue,
  readResourceVersion,
  validateListOptions,
} from './resource-version.js';
import { StatusError } from './status.js';

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StatusError);
    return (err as StatusError).toStatus();
  }
  throw new Error('expected an error');
}

describe('resourceVersion', () => {
  it('parses empty, zero and decimal values', () => {
    expect(parseResourceVersion(undefined)).toBe(0);
    expect(parseResourceVersion('')).toBe(0);
    expect(parseResourceVersion('0')).toBe(0);
    expect(parseResourceVersion('104')).toBe(104);
    expect(parseResourceVersion('007')).toBe(7);
  });

  it('answers garbage with 400 and the ParseUint reason', () => {
    expect(statusOf(() => parseResourceVersion('abc'))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    });
    for (const bad of ['-1', '1.5', ' 1', '+1', '0x10']) {
      expect(() => parseResourceVersion(bad), bad).toThrow(StatusError);
      expect(readResourceVersion(bad).reason, bad).toMatch(/^strconv.ParseUint: parsing .*: invalid syntax$/);
    }
    expect(statusOf(() => parseResourceVersion('99999999999999999999')).message).toContain(
      'value out of range',
    );
    expect(readResourceVersion('12')).toEqual({ rv: 12 });
  });

  it('reads absent and empty as no resourceVersion, and 0 as zero', () => {
    expect(readResourceVersion(undefined)).toEqual({ rv: undefined });
    expect(readResourceVersion('')).toEqual({ rv: undefined });
    expect(readResourceVersion('0')).toEqual({ rv: 0 });
  });
});

describe('continue tokens', () => {
  it('round-trip as base64url JSON', () => {
    const token = encodeContinue({ rv: 104, start: 'x/cm-b\u0000' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).toEqual({
      v: 'meta.k8s.io/v1',
      rv: 104,
      start: 'x/cm-b\u0000',
    });
    expect(readContinue(token)).toEqual({ token: { rv: 104, start: 'x/cm-b\u0000' } });
  });

  it('says why an invalid token is not one, in the words of Go and storage/continue.go', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const invalid = 'continue key is not valid';
    // The base64 and encoding/json texts as Go's decoders print them for these inputs.
    const cases: Array<[string, string]> = [
      ['garbage!', `${invalid}: illegal base64 data at input byte 7`],
      ['abcde', `${invalid}: illegal base64 data at input byte 4`],
      ['ab==', `${invalid}: illegal base64 data at input byte 2`],
      ['bm90LWpzb24', `${invalid}: invalid character 'o' in literal null (expecting 'u')`],
      ['W10', `${invalid}: json: cannot unmarshal array into Go value of type storage.continueToken`],
      [
        enc({ v: 1 }),
        `${invalid}: json: cannot unmarshal number into Go struct field continueToken.v of type string`,
      ],
      [
        enc({ v: 'meta.k8s.io/v1', rv: 'x' }),
        `${invalid}: json: cannot unmarshal string into Go struct field continueToken.rv of type int64`,
      ],
      [enc({ v: 'v2', rv: 1, start: '' }), `${invalid}: server does not recognize this encoded version v2`],
      [
        enc({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }),
        `${invalid}: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`,
      ],
      [enc({ v: 'meta.k8s.io/v1', rv: 3 }), `${invalid}: encoded start key empty (version meta.k8s.io/v1)`],
    ];
    for (const [token, message] of cases) {
      expect(readContinue(token), token).toEqual({ reason: message });
    }
  });

  it('reads the rv -1 of a token handed with a 410 as "the newest revision"', () => {
    expect(readContinue(encodeContinue({ rv: -1, start: 'x/a' }))).toEqual({
      token: { rv: -1, start: 'x/a' },
    });
  });
});

describe('validateListOptions', () => {
  const off = { watchList: false };

  it('accepts what kubectl and informers send', () => {
    expect(() => validateListOptions({ resourceVersion: '0' }, off)).not.toThrow();
    expect(() => validateListOptions({ watch: true, resourceVersion: '104' }, off)).not.toThrow();
    expect(() =>
      validateListOptions({ resourceVersion: '10', resourceVersionMatch: 'NotOlderThan' }, off),
    ).not.toThrow();
  });

  it('answers a watch-list request with 422 when watch-list is not served (client-go falls back)', () => {
    const status = statusOf(() =>
      validateListOptions(
        { watch: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
        off,
      ),
    );
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: { kind: 'ListOptions', group: 'meta.k8s.io' },
    });
    expect(status.details?.causes).toEqual([
      {
        field: 'sendInitialEvents',
        reason: 'FieldValueForbidden',
        message:
          'Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
      },
    ]);
    expect(() =>
      validateListOptions(
        { watch: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
        { watchList: true },
      ),
    ).not.toThrow();
  });

  it('rejects inconsistent list options', () => {
    const causes = (o: Parameters<typeof validateListOptions>[0]) =>
      statusOf(() => validateListOptions(o, off)).details?.causes?.map((c) => c.message);
    expect(causes({ resourceVersionMatch: 'Exact' })).toEqual([
      'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    ]);
    expect(causes({ resourceVersion: '0', resourceVersionMatch: 'Exact' })).toEqual([
      'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    ]);
    expect(causes({ resourceVersion: '1', resourceVersionMatch: 'Newest' })).toEqual([
      'Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""',
    ]);
    expect(causes({ sendInitialEvents: true })).toEqual([
      'Forbidden: sendInitialEvents is forbidden for list',
    ]);
    expect(causes({ watch: true, resourceVersionMatch: 'NotOlderThan' })).toEqual([
      'Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    ]);
  });
});
