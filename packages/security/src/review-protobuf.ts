/**
 * Decodes the Kubernetes protobuf encoding of the review kinds, because kubectl sends them that
 * way (`kubectl auth can-i` and `auth whoami` POST `Content-Type: application/vnd.kubernetes.protobuf`)
 * and the API server otherwise only speaks JSON/YAML. Covers SubjectAccessReview,
 * SelfSubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview (authorization.k8s.io/v1),
 * TokenReview and SelfSubjectReview (authentication.k8s.io/v1).
 *
 * Wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go): the 4-byte magic
 * `k8s\0`, then a runtime.Unknown {typeMeta=1 {apiVersion=1, kind=2}, raw=2, contentEncoding=3,
 * contentType=4}; `raw` is the object's message. Field numbers follow the generated.proto files of
 * k8s.io/api authorization/v1 and authentication/v1. Unknown fields are skipped.
 */
import { unsupportedMediaType } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

type Fields = Map<number, Array<Uint8Array | number>>;

class ProtobufError extends Error {}

function readVarint(buf: Uint8Array, pos: { i: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos.i >= buf.length) throw new ProtobufError('truncated varint');
    const b = buf[pos.i++]!;
    if (shift < 49) result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
    if (shift > 63) throw new ProtobufError('varint too long');
  }
}

/** Splits a message into its fields: length-delimited values as bytes, varints as numbers. */
function fields(buf: Uint8Array): Fields {
  const out: Fields = new Map();
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const tag = readVarint(buf, pos);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Uint8Array | number;
    if (wire === 0) value = readVarint(buf, pos);
    else if (wire === 2) {
      const len = readVarint(buf, pos);
      if (pos.i + len > buf.length) throw new ProtobufError('truncated field');
      value = buf.subarray(pos.i, pos.i + len);
      pos.i += len;
    } else if (wire === 1) {
      pos.i += 8;
      continue;
    } else if (wire === 5) {
      pos.i += 4;
      continue;
    } else throw new ProtobufError(`unsupported wire type ${wire}`);
    const list = out.get(field);
    if (list) list.push(value);
    else out.set(field, [value]);
  }
  if (pos.i > buf.length) throw new ProtobufError('truncated message');
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const bytes = (f: Fields, n: number) => {
  const v = f.get(n)?.at(-1);
  return v instanceof Uint8Array ? v : undefined;
};
const str = (f: Fields, n: number) => {
  const v = bytes(f, n);
  return v ? decoder.decode(v) : undefined;
};
const strs = (f: Fields, n: number) =>
  (f.get(n) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array).map((v) => decoder.decode(v));
const msg = (f: Fields, n: number) => {
  const v = bytes(f, n);
  return v ? fields(v) : undefined;
};

/** Keeps only set string fields: `{ name: [1, 'namespace'] }` style mapping → plain object. */
function pick(f: Fields | undefined, names: Record<string, number>): Record<string, string> | undefined {
  if (!f) return undefined;
  const out: Record<string, string> = {};
  for (const [name, n] of Object.entries(names)) {
    const v = str(f, n);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

const RESOURCE_ATTRIBUTES = {
  namespace: 1,
  verb: 2,
  group: 3,
  version: 4,
  resource: 5,
  subresource: 6,
  name: 7,
};
const NON_RESOURCE_ATTRIBUTES = { path: 1, verb: 2 };

function accessSpec(spec: Fields | undefined, withSubject: boolean): Record<string, unknown> {
  if (!spec) return {};
  const out: Record<string, unknown> = {};
  const res = pick(msg(spec, 1), RESOURCE_ATTRIBUTES);
  const non = pick(msg(spec, 2), NON_RESOURCE_ATTRIBUTES);
  if (res) out.resourceAttributes = res;
  if (non) out.nonResourceAttributes = non;
  if (withSubject) {
    const user = str(spec, 3);
    if (user !== undefined) out.user = user;
    const groups = strs(spec, 4);
    if (groups.length > 0) out.groups = groups;
    const extra: Record<string, string[]> = {};
    for (const entry of spec.get(5) ?? []) {
      if (!(entry instanceof Uint8Array)) continue;
      const e = fields(entry);
      const key = str(e, 1);
      const value = msg(e, 2);
      if (key !== undefined) extra[key] = value ? strs(value, 1) : [];
    }
    if (Object.keys(extra).length > 0) out.extra = extra;
    const uid = str(spec, 6);
    if (uid !== undefined) out.uid = uid;
  }
  return out;
}

const SPECS: Record<string, (spec: Fields | undefined) => Record<string, unknown>> = {
  'authorization.k8s.io/v1/SubjectAccessReview': (s) => accessSpec(s, true),
  'authorization.k8s.io/v1/LocalSubjectAccessReview': (s) => accessSpec(s, true),
  'authorization.k8s.io/v1/SelfSubjectAccessReview': (s) => accessSpec(s, false),
  'authorization.k8s.io/v1/SelfSubjectRulesReview': (s) => pick(s, { namespace: 1 }) ?? {},
  'authentication.k8s.io/v1/TokenReview': (s) => {
    if (!s) return {};
    const token = str(s, 1);
    const audiences = strs(s, 2);
    return { ...(token !== undefined ? { token } : {}), ...(audiences.length > 0 ? { audiences } : {}) };
  },
};

/**
 * Decodes a protobuf review body into the JSON object the review functions take. Throws a 415
 * StatusError for other kinds and a 400-style message (as 415, upstream's answer to undecodable
 * media) for malformed input; never echoes the body (it may hold a token).
 */
export function decodeReviewProtobuf(body: Uint8Array): KubeObject {
  try {
    if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) throw new ProtobufError('missing k8s magic');
    const unknown = fields(body.subarray(4));
    const typeMeta = msg(unknown, 1);
    const apiVersion = (typeMeta && str(typeMeta, 1)) ?? '';
    const kind = (typeMeta && str(typeMeta, 2)) ?? '';
    const raw = bytes(unknown, 2) ?? new Uint8Array();
    const object = fields(raw);
    const meta = pick(msg(object, 1), { name: 1, generateName: 2, namespace: 3 }) ?? {};
    if (kind === 'SelfSubjectReview' && apiVersion === 'authentication.k8s.io/v1') {
      return { apiVersion, kind, metadata: meta };
    }
    const spec = SPECS[`${apiVersion}/${kind}`];
    if (!spec) {
      throw unsupportedMediaType(
        `the protobuf body of ${kind || 'unknown kind'} ${apiVersion} is not supported; send JSON`,
      );
    }
    return { apiVersion, kind, metadata: meta, spec: spec(msg(object, 2)) };
  } catch (err) {
    if (err instanceof ProtobufError || err instanceof TypeError) {
      throw unsupportedMediaType(`the request body is not a valid ${PROTOBUF_MEDIA_TYPE} object`);
    }
    throw err;
  }
}
