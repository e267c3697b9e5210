import { describe, expect, it } from 'vitest';
import {
  compareResourceVersions,
  continueExpired,
  decodeContinue,
  encodeContinue,
  isValidResourceVersion,
  parseResourceVersion,
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
      expect(isValidResourceVersion(bad)).toBe(false);
    }
    expect(statusOf(() => parseResourceVersion('99999999999999999999')).message).toContain(
      'value out of range',
    );
    expect(isValidResourceVersion('12')).toBe(true);
  });

  it('compares numerically', () => {
    expect(compareResourceVersions('9', '10')).toBeLessThan(0);
    expect(compareResourceVersions('10', '10')).toBe(0);
    expect(compareResourceVersions('', '0')).toBe(0);
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
    expect(decodeContinue(token)).toEqual({ rv: 104, start: 'x/cm-b\u0000' });
  });

  it('answers invalid tokens with 400', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cases: Array<[string, string]> = [
      ['not base64!', 'invalid continue token: continue key is not valid: illegal base64 data'],
      [
        Buffer.from('nope').toString('base64url'),
        'invalid continue token: continue key is not valid: invalid character in encoded token',
      ],
      [
        enc({ v: 'v2', rv: 1, start: '' }),
        'invalid continue token: continue key is not valid: server does not recognize this encoded version "v2"',
      ],
      [
        enc({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }),
        'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      ],
      [
        enc({ v: 'meta.k8s.io/v1', rv: 3 }),
        'invalid continue token: continue key is not valid: invalid start key',
      ],
    ];
    for (const [token, message] of cases) {
      expect(statusOf(() => decodeContinue(token))).toMatchObject({ code: 400, message });
    }
  });

  it('has a 410 Expired answer for tokens whose snapshot is gone', () => {
    expect(continueExpired().toStatus()).toMatchObject({ code: 410, reason: 'Expired' });
    expect(continueExpired().message).toMatch(/^The provided continue parameter is too old/);
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
