import { describe, expect, it } from 'vitest';
import { decodeReviewProtobuf } from './review-protobuf.js';

// A minimal protobuf writer for the test: string/bytes/message fields only.
const varint = (n: number) => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
};
type Field = [number, string | Uint8Array];
const message = (...fs: Field[]) =>
  Uint8Array.from(
    fs.flatMap(([n, v]) => {
      const b = typeof v === 'string' ? new TextEncoder().encode(v) : v;
      return [...varint(n * 8 + 2), ...varint(b.length), ...b];
    }),
  );
const envelope = (apiVersion: string, kind: string, raw: Uint8Array) =>
  Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...message([1, message([1, apiVersion], [2, kind])], [2, raw])]);

describe('decodeReviewProtobuf', () => {
  it('decodes a SubjectAccessReview with user, groups, extra and uid', () => {
    const spec = message(
      [1, message([1, 'higress-system'], [2, 'list'], [5, 'secrets'])],
      [3, 'system:serviceaccount:higress-system:higress-gateway'],
      [4, 'system:serviceaccounts'],
      [4, 'system:authenticated'],
      [5, message([1, 'scopes'], [2, message([1, 'a'], [1, 'b'])])],
      [6, 'uid-1'],
      // an unknown field from a newer client is skipped
      [99, 'future'],
    );
    const body = envelope(
      'authorization.k8s.io/v1',
      'SubjectAccessReview',
      message([1, message([1, 'r1'])], [2, spec]),
    );
    expect(decodeReviewProtobuf(body)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      metadata: { name: 'r1' },
      spec: {
        resourceAttributes: { namespace: 'higress-system', verb: 'list', resource: 'secrets' },
        user: 'system:serviceaccount:higress-system:higress-gateway',
        groups: ['system:serviceaccounts', 'system:authenticated'],
        extra: { scopes: ['a', 'b'] },
        uid: 'uid-1',
      },
    });
  });

  it('decodes self reviews and TokenReview', () => {
    const ssar = envelope(
      'authorization.k8s.io/v1',
      'SelfSubjectAccessReview',
      message([2, message([2, message([1, '/healthz'], [2, 'get'])])]),
    );
    expect(decodeReviewProtobuf(ssar).spec).toEqual({
      nonResourceAttributes: { path: '/healthz', verb: 'get' },
    });
    const rules = envelope(
      'authorization.k8s.io/v1',
      'SelfSubjectRulesReview',
      message([2, message([1, 'ns'])]),
    );
    expect(decodeReviewProtobuf(rules).spec).toEqual({ namespace: 'ns' });
    const tr = envelope(
      'authentication.k8s.io/v1',
      'TokenReview',
      message([2, message([1, 'tok'], [2, 'aud1'])]),
    );
    expect(decodeReviewProtobuf(tr).spec).toEqual({ token: 'tok', audiences: ['aud1'] });
    const whoami = envelope('authentication.k8s.io/v1', 'SelfSubjectReview', new Uint8Array());
    expect(decodeReviewProtobuf(whoami)).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
    });
  });

  it('answers 415 for other kinds and for malformed bodies, without echoing the body', () => {
    const cm = envelope('v1', 'ConfigMap', message([1, message([1, 'c'])]));
    expect(() => decodeReviewProtobuf(cm)).toThrow(expect.objectContaining({ code: 415 }));
    for (const bad of [new Uint8Array([1, 2, 3]), Uint8Array.from([0x6b, 0x38, 0x73, 0, 0x12, 0x50, 1])]) {
      expect(() => decodeReviewProtobuf(bad)).toThrow(
        expect.objectContaining({ code: 415, reason: 'UnsupportedMediaType' }),
      );
    }
    const secretToken = envelope(
      'authentication.k8s.io/v1',
      'TokenReview',
      message([2, message([1, 'super-secret'])]),
    );
    const truncated = secretToken.subarray(0, secretToken.length - 3);
    try {
      decodeReviewProtobuf(truncated);
    } catch (e) {
      expect((e as Error).message).not.toContain('super');
    }
    expect(() => decodeReviewProtobuf(truncated)).toThrow(expect.objectContaining({ code: 415 }));
  });
});
