/**
 * The Kubernetes protobuf envelope (k8s.io/apimachinery pkg/runtime/serializer/protobuf/protobuf.go
 * and pkg/runtime/generated.proto): the 4-byte magic `k8s\0`, then a runtime.Unknown
 * {typeMeta=1 {apiVersion=1, kind=2}, raw=2, contentEncoding=3, contentType=4} whose `raw` is the
 * object's own message. decodeKubernetesProtobuf turns it into the object's JSON form for the kinds
 * it has descriptors for and answers 415 UnsupportedMediaType otherwise, or when the body is
 * malformed, never echoing body bytes (they may hold secrets or tokens).
 */
import type { KubeObject } from '@hs/resources';
import { unsupportedMediaType } from '../status.js';
import { decodeMessage } from './decode.js';
import type { ProtobufKinds } from './descriptor.js';
import { PROTOBUF_KINDS } from './kinds.js';
import { decodeUtf8, ProtobufDecodeError, readFields, WIRE_BYTES } from './wire.js';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export interface ProtobufEnvelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

function stringsOf(buf: Uint8Array, numbers: readonly number[]): string[] {
  const out = numbers.map(() => '');
  for (const f of readFields(buf)) {
    const i = numbers.indexOf(f.field);
    if (i >= 0 && f.wire === WIRE_BYTES) out[i] = decodeUtf8(f.value, f.field);
  }
  return out;
}

/** Unwraps magic + runtime.Unknown; throws ProtobufDecodeError on anything malformed. */
export function readEnvelope(body: Uint8Array): ProtobufEnvelope {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw new ProtobufDecodeError('missing the k8s\\0 prefix');
  }
  const envelope: ProtobufEnvelope = {
    apiVersion: '',
    kind: '',
    raw: new Uint8Array(),
    contentEncoding: '',
    contentType: '',
  };
  for (const f of readFields(body.subarray(MAGIC.length))) {
    if (f.wire !== WIRE_BYTES) continue;
    if (f.field === 1) [envelope.apiVersion = '', envelope.kind = ''] = stringsOf(f.value, [1, 2]);
    else if (f.field === 2) envelope.raw = f.value;
    else if (f.field === 3) envelope.contentEncoding = decodeUtf8(f.value, 3);
    else if (f.field === 4) envelope.contentType = decodeUtf8(f.value, 4);
  }
  return envelope;
}

/** A kind or apiVersion safe to quote in an error message (no body bytes beyond a plain name). */
const quotable = (s: string) => /^[A-Za-z0-9.\-/]{1,100}$/.test(s);

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body into its JSON object. `kinds`
 * limits what is accepted (default: every kind with a descriptor).
 */
export function decodeKubernetesProtobuf(
  body: Uint8Array,
  kinds: ProtobufKinds = PROTOBUF_KINDS,
): KubeObject {
  let envelope: ProtobufEnvelope;
  try {
    envelope = readEnvelope(body);
  } catch (err) {
    throw malformed(err);
  }
  const { apiVersion, kind } = envelope;
  const descriptor = kinds.get(`${apiVersion}/${kind}`);
  if (!descriptor) {
    const what = quotable(kind) && quotable(apiVersion) ? `${kind} (${apiVersion})` : 'this kind';
    throw unsupportedMediaType(
      `${what} is not accepted as ${PROTOBUF_MEDIA_TYPE} by this server; send it as application/json or application/yaml`,
    );
  }
  if (envelope.contentEncoding !== '') {
    throw unsupportedMediaType(`a ${PROTOBUF_MEDIA_TYPE} body with a contentEncoding is not supported`);
  }
  try {
    const object = decodeMessage(envelope.raw, descriptor);
    return { apiVersion, kind, ...object, metadata: (object.metadata ?? {}) as KubeObject['metadata'] };
  } catch (err) {
    throw malformed(err);
  }
}

function malformed(err: unknown): Error {
  if (!(err instanceof ProtobufDecodeError)) return err as Error;
  return unsupportedMediaType(
    `the request body is not a valid ${PROTOBUF_MEDIA_TYPE} object: ${err.message}`,
  );
}
