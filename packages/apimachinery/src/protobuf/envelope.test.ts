import { describe, expect, it } from 'vitest';
import { StatusError } from '../status.js';
import { decodeKubernetesProtobuf, readEnvelope } from './envelope.js';
import { REVIEW_PROTOBUF_KINDS } from './kinds.js';
import { entry, envelope, gogoMeta, message, str, sub } from './test-helpers/encoder.js';
import { ProtobufDecodeError } from './wire.js';

const secret = envelope(
  'v1',
  'Secret',
  message(gogoMeta('s'), entry(2, 'token', sub(2)), entry(4, 'password', str(2, 'super-secret-value'))),
);

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StatusError);
    return err as StatusError;
  }
  throw new Error('expected a StatusError');
}

describe('the k8s protobuf envelope', () => {
  it('reads typeMeta, raw, contentEncoding and contentType', () => {
    const body = envelope(
      'v1',
      'ConfigMap',
      Uint8Array.of(1, 2),
      str(3, ''),
      str(4, 'application/vnd.kubernetes.protobuf'),
    );
    expect(readEnvelope(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      raw: Uint8Array.of(1, 2),
      contentEncoding: '',
      contentType: 'application/vnd.kubernetes.protobuf',
    });
    expect(() => readEnvelope(Uint8Array.of(0x7b, 0x7d))).toThrow(ProtobufDecodeError);
  });

  it('always yields metadata, even for an empty object message', () => {
    expect(decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', new Uint8Array()))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {},
    });
  });

  it('answers 415 naming the kind it does not accept, suggesting JSON or YAML', () => {
    const pod = envelope('v1', 'Pod', message(gogoMeta('p')));
    const err = statusOf(() => decodeKubernetesProtobuf(pod));
    expect(err).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    expect(err.message).toBe(
      'Pod (v1) is not accepted as application/vnd.kubernetes.protobuf by this server; send it as application/json or application/yaml',
    );
    const odd = envelope('v1', 'Pod <script>', message());
    expect(statusOf(() => decodeKubernetesProtobuf(odd)).message).toMatch(/^this kind is not accepted/);
    // a kind list restricts what is accepted
    expect(statusOf(() => decodeKubernetesProtobuf(secret, REVIEW_PROTOBUF_KINDS)).code).toBe(415);
  });

  it('answers 415 for malformed, truncated and encoded bodies without echoing their bytes', () => {
    const bad = [
      new Uint8Array(),
      Uint8Array.of(1, 2, 3),
      new TextEncoder().encode('{"kind":"Secret"}'),
      ...[5, 10, 20, 30].map((cut) => secret.subarray(0, secret.length - cut)),
      envelope('v1', 'Secret', message(gogoMeta('s')), str(3, 'gzip')),
    ];
    for (const body of bad) {
      const err = statusOf(() => decodeKubernetesProtobuf(body));
      expect(err).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
      expect(err.message).not.toMatch(/super|secret-value/);
    }
    expect(decodeKubernetesProtobuf(secret)).toMatchObject({
      data: { token: '' },
      stringData: { password: 'super-secret-value' },
    });
  });

  it('decodes the review kinds', () => {
    const ssar = envelope(
      'authorization.k8s.io/v1',
      'SelfSubjectAccessReview',
      message(
        gogoMeta(''),
        sub(2, sub(1, str(2, 'list'), str(5, 'pods'), sub(9, str(1, 'app=web'))), sub(3)),
      ),
    );
    expect(decodeKubernetesProtobuf(ssar, REVIEW_PROTOBUF_KINDS)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: {
        resourceAttributes: { verb: 'list', resource: 'pods', labelSelector: { rawSelector: 'app=web' } },
      },
    });
  });
});
