import { describe, expect, it } from 'vitest';
import { invalid, notFound, StatusError, tooManyRequests } from './status.js';

describe('Status errors', () => {
  it('names the qualified resource in NotFound, as kubectl prints it', () => {
    const err = notFound({ group: 'networking.higress.io', resource: 'mcpbridges' }, 'default');
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'mcpbridges.networking.higress.io "default" not found',
      reason: 'NotFound',
      details: { name: 'default', group: 'networking.higress.io', kind: 'mcpbridges' },
      code: 404,
    });
  });

  it('puts field causes in details for 422 Invalid, with the Kind', () => {
    const status = invalid('', 'ConfigMap', 'cm', [
      { field: 'data.a', reason: 'FieldValueInvalid', message: 'Invalid value' },
    ]).toStatus();
    expect(status.code).toBe(422);
    expect(status.details).toEqual({
      name: 'cm',
      kind: 'ConfigMap',
      causes: [{ field: 'data.a', reason: 'FieldValueInvalid', message: 'Invalid value' }],
    });
  });

  it('carries Retry-After on 429', () => {
    const err = tooManyRequests('too many watches', 3);
    expect(err).toBeInstanceOf(StatusError);
    expect(err.headers).toEqual({ 'Retry-After': '3' });
    expect(err.toStatus().details?.retryAfterSeconds).toBe(3);
  });
});
