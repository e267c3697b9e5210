import { StatusError } from '@hs/apimachinery';
import { describe, expect, it } from 'vitest';
import { clientKey, createConcurrencyLimiter, createRequestLimits } from './concurrency-limiter.js';

describe('createConcurrencyLimiter', () => {
  it('caps concurrent slots per client and frees them on release', () => {
    const limiter = createConcurrencyLimiter({ maxPerClient: 2, what: 'watches' });
    const a1 = limiter.acquire('alice');
    limiter.acquire('alice');
    let err: unknown;
    try {
      limiter.acquire('alice');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Too many watches for this client, please try again later.',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 1 },
      code: 429,
    });
    expect((err as StatusError).headers).toEqual({ 'Retry-After': '1' });
    // other clients are unaffected
    expect(() => limiter.acquire('bob')).not.toThrow();
    a1();
    a1(); // a second release is a no-op
    expect(limiter.inFlight('alice')).toBe(1);
    expect(() => limiter.acquire('alice')).not.toThrow();
  });

  it('caps the total over all clients', () => {
    const limiter = createConcurrencyLimiter({ maxTotal: 2, retryAfterSeconds: 3 });
    const r = limiter.acquire('a');
    limiter.acquire('b');
    expect(limiter.tryAcquire('c')).toBeUndefined();
    expect(() => limiter.acquire('c')).toThrow('Too many requests, please try again later.');
    r();
    expect(limiter.inFlight()).toBe(1);
    expect(limiter.tryAcquire('c')).toBeTypeOf('function');
  });

  it('is unlimited without caps', () => {
    const limiter = createConcurrencyLimiter();
    for (let i = 0; i < 1000; i++) limiter.acquire('x');
    expect(limiter.inFlight('x')).toBe(1000);
  });
});

describe('createRequestLimits', () => {
  it('counts watches per client apart from short requests, and mutating apart from read-only', () => {
    const limits = createRequestLimits({
      maxWatchesPerClient: 1,
      maxMutatingInFlight: 1,
      maxReadonlyInFlight: 2,
    });
    const w = limits.admit('pilot', 'watch');
    expect(() => limits.admit('pilot', 'watch')).toThrow(/watches/);
    expect(() => limits.admit('controller', 'watch')).not.toThrow();
    limits.admit('pilot', 'list');
    limits.admit('pilot', 'get');
    expect(() => limits.admit('x', 'get')).toThrow(/Too many requests/);
    const c = limits.admit('pilot', 'create');
    expect(() => limits.admit('y', 'patch')).toThrow(StatusError);
    c();
    w();
    expect(() => limits.admit('y', 'patch')).not.toThrow();
    expect(() => limits.admit('pilot', 'watch')).not.toThrow();
  });
});

describe('clientKey', () => {
  it('keys users by name and anonymous callers by address', () => {
    expect(clientKey('alice', '10.0.0.1')).toBe('user:alice');
    expect(clientKey('system:anonymous', '127.0.0.1')).toBe('ip:127.0.0.1');
    expect(clientKey('system:anonymous', undefined)).toBe('ip:unknown');
  });
});
