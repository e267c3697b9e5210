/**
 * A small schema format for the k8s.io/api messages we decode: a message is a map of field number
 * → field descriptor, each naming its JSON key and type. Field numbers come from the generated.proto
 * files of k8s.io/api and k8s.io/apimachinery; the tables live next to this file (meta-v1.ts, …).
 *
 * Types:
 * - `string`, `bytes` (base64 in JSON), `int32`, `int64`, `bool` (varints);
 * - `time`: meta/v1 Time {seconds=1, nanos=2}, RFC3339 in JSON (second precision, as Go's Time);
 * - `intOrString`: util/intstr IntOrString {type=1, intVal=2, strVal=3}, a number or a string;
 * - `stringList`: a message `repeated string items = 1` that JSON shows as the bare array (Go named
 *   slice types such as authorization/v1 ExtraValue);
 * - `{ message }`: a nested message; `{ map }`: a protobuf map (entries {key=1, value=2}) with
 *   string keys and values of any non-map type.
 *
 * Flags: `repeated`; `pointer` marks Go pointer fields (gogo writes them only when set, so a zero
 * value on the wire is meaningful and kept, e.g. `immutable: false`); `inline` merges a nested
 * message's keys into the parent (Go `json:",inline"`, e.g. networking/v1 IngressRuleValue).
 */

export type ScalarType =
  | 'string'
  | 'bytes'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'time'
  | 'intOrString'
  | 'stringList';

export type FieldType = ScalarType | { readonly message: MessageDescriptor } | { readonly map: ValueType };

/** What a map may hold: anything but another map. */
export type ValueType = ScalarType | { readonly message: MessageDescriptor };

export interface FieldDescriptor {
  readonly name: string;
  readonly type: FieldType;
  readonly repeated?: boolean;
  readonly pointer?: boolean;
  readonly inline?: boolean;
}

export type MessageDescriptor = Readonly<Record<number, FieldDescriptor>>;

/** Top-level kinds by `apiVersion/kind` (core kinds as `v1/ConfigMap`). */
export type ProtobufKinds = ReadonlyMap<string, MessageDescriptor>;

// Terse constructors for the tables.
export const str = (name: string): FieldDescriptor => ({ name, type: 'string' });
export const strs = (name: string): FieldDescriptor => ({ name, type: 'string', repeated: true });
export const int32 = (name: string): FieldDescriptor => ({ name, type: 'int32' });
export const int64 = (name: string): FieldDescriptor => ({ name, type: 'int64' });
export const bool = (name: string): FieldDescriptor => ({ name, type: 'bool' });
export const time = (name: string): FieldDescriptor => ({ name, type: 'time' });
export const intOrString = (name: string): FieldDescriptor => ({ name, type: 'intOrString' });
export const msg = (name: string, message: MessageDescriptor): FieldDescriptor => ({
  name,
  type: { message },
});
export const msgs = (name: string, message: MessageDescriptor): FieldDescriptor => ({
  name,
  type: { message },
  repeated: true,
});
export const map = (name: string, value: ValueType): FieldDescriptor => ({ name, type: { map: value } });
/** The same field, marked as a Go pointer (zero values on the wire are kept). */
export const pointer = (field: FieldDescriptor): FieldDescriptor => ({ ...field, pointer: true });

/** Registers kinds for the envelope decoder: `kinds(['v1', { ConfigMap: CONFIG_MAP }])`. */
export function kinds(
  ...groups: Array<[apiVersion: string, Record<string, MessageDescriptor>]>
): ProtobufKinds {
  const out = new Map<string, MessageDescriptor>();
  for (const [apiVersion, byKind] of groups) {
    for (const [kind, descriptor] of Object.entries(byKind)) out.set(`${apiVersion}/${kind}`, descriptor);
  }
  return out;
}
