import { StatusError } from '@hs/apimachinery';
import { registry } from '@hs/resources';
import { StorageError, type StorageErrorCode, ValidationError } from '@hs/storage';
import { describe, expect, it } from 'vitest';
import { toStatusError } from './to-status.js';

const configmaps = registry.find('', 'v1', 'configmaps');
if (!configmaps) throw new Error('registry lacks configmaps');
const ctx = { definition: configmaps, name: 'cm-a', verb: 'update' };

describe('toStatusError', () => {
  it.each<[StorageErrorCode, number, string, string | undefined]>([
    ['KeyNotFound', 404, 'NotFound', undefined],
    ['KeyExists', 409, 'AlreadyExists', undefined],
    ['Conflict', 409, 'Conflict', undefined],
    ['Compacted', 410, 'Expired', undefined],
    ['Unreachable', 503, 'ServiceUnavailable', '7'],
    ['NotLeader', 503, 'ServiceUnavailable', '7'],
    ['Timeout', 504, 'ServerTimeout', '7'],
    ['Corrupt', 500, 'InternalError', undefined],
  ])('maps StorageError %s to %i %s', (code, status, reason, retryAfter) => {
    const err = new StorageError(code, 'configmaps/x/cm-a', undefined, { retryAfterSeconds: 7 });
    const { status: s } = toStatusError(err, ctx, 1024);
    expect(s.code).toBe(status);
    expect(s.reason).toBe(reason);
    expect(s.headers?.['Retry-After']).toBe(retryAfter);
  });

  it('answers a read past the newest resourceVersion as upstream: 504 Timeout, ResourceVersionTooLarge (found by pnpm fuzz)', () => {
    const message = 'Too large resource version: 90, current: 3';
    const err = new StorageError('Timeout', 'configmaps/', message, { revision: 90, retryAfterSeconds: 1 });
    const { status } = toStatusError(err, { ...ctx, verb: 'list' }, 1024);
    expect(status.code).toBe(504);
    expect(status.reason).toBe('Timeout');
    expect(status.message).toBe(message);
    expect(status.details?.causes).toEqual([
      { reason: 'ResourceVersionTooLarge', message: 'Too large resource version' },
    ]);
    expect(status.headers?.['Retry-After']).toBe('1');
  });

  it('phrases Conflict as upstream', () => {
    const { status } = toStatusError(new StorageError('Conflict', 'configmaps/x/cm-a'), ctx, 1024);
    expect(status.message).toBe(
      'Operation cannot be fulfilled on configmaps "cm-a": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('maps ValidationError to 422 Invalid with causes', () => {
    const err = new ValidationError('ConfigMap', 'cm-a', [
      { field: 'data.k', reason: 'FieldValueInvalid', message: 'bad' },
    ]);
    const { status } = toStatusError(err, ctx, 1024);
    expect(status.toStatus()).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: { name: 'cm-a', kind: 'ConfigMap', causes: [{ field: 'data.k', message: 'bad' }] },
    });
  });

  it('passes StatusError through and turns anything else into a logged 500', () => {
    const own = new StatusError(418, 'BadRequest', 'teapot');
    expect(toStatusError(own, null, 1024)).toEqual({ status: own, internal: false });
    const boom = toStatusError(new Error('boom'), null, 1024);
    expect(boom.internal).toBe(true);
    expect(boom.status.toStatus()).toMatchObject({
      code: 500,
      reason: 'InternalError',
      message: 'Internal error occurred: boom',
    });
  });

  it('maps Fastify errors by code', () => {
    const tooLarge = Object.assign(new Error('too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toStatusError(tooLarge, null, 1024).status.toStatus()).toMatchObject({
      code: 413,
      reason: 'RequestEntityTooLarge',
    });
    const media = Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
    expect(toStatusError(media, null, 1024).status.code).toBe(415);
  });
});
