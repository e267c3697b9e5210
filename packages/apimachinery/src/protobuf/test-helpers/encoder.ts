/**
 * A tiny protobuf writer for tests: each helper returns one encoded field, `message` concatenates
 * fields, `envelope` wraps an object message in the `k8s\0` + runtime.Unknown envelope.
 */

const concat = (parts: readonly Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
};

/** The varint bytes of a value; negative numbers are sign-extended to 64 bits, as protobuf does. */
export function varintBytes(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

const tag = (field: number, wire: number) => varintBytes(field * 8 + wire);

export const message = (...fields: Uint8Array[]): Uint8Array => concat(fields);

export const bytes = (field: number, value: Uint8Array): Uint8Array =>
  concat([tag(field, 2), varintBytes(value.length), value]);

export const str = (field: number, value: string): Uint8Array =>
  bytes(field, new TextEncoder().encode(value));

export const varint = (field: number, value: number | bigint | boolean): Uint8Array =>
  concat([tag(field, 0), varintBytes(typeof value === 'boolean' ? Number(value) : value)]);

/** A nested message field. */
export const sub = (field: number, ...fields: Uint8Array[]): Uint8Array => bytes(field, message(...fields));

/** One entry of a protobuf map field (entry message {key=1, value=2}). */
export const entry = (field: number, key: string, value: Uint8Array): Uint8Array =>
  sub(field, str(1, key), value);

export const fixed32 = (field: number): Uint8Array => concat([tag(field, 5), new Uint8Array(4).fill(0xee)]);
export const fixed64 = (field: number): Uint8Array => concat([tag(field, 1), new Uint8Array(8).fill(0xee)]);

/** The Kubernetes protobuf body of an object: magic `k8s\0`, then runtime.Unknown. */
export const envelope = (apiVersion: string, kind: string, raw: Uint8Array, ...extra: Uint8Array[]) =>
  concat([
    Uint8Array.from([0x6b, 0x38, 0x73, 0x00]),
    sub(1, str(1, apiVersion), str(2, kind)),
    bytes(2, raw),
    ...extra,
  ]);

/** The ObjectMeta fields gogo writes for a bare `{name}` (empty strings, zero Time). */
export const gogoMeta = (name: string, namespace = ''): Uint8Array =>
  sub(
    1,
    str(1, name),
    str(2, ''),
    str(3, namespace),
    str(4, ''),
    str(5, ''),
    str(6, ''),
    varint(7, 0),
    sub(8),
  );
