/**
 * Decodes one protobuf message into the JSON shape of the Go object, driven by a descriptor
 * (descriptor.ts). Unknown field numbers are skipped, as protobuf requires; a known field with the
 * wrong wire type is a ProtobufDecodeError. A singular field sent twice keeps the last value.
 *
 * Empty values (the omitempty rule). gogo-protobuf, which k8s.io/api's generated.pb.go comes from,
 * writes every non-pointer scalar even when it is empty, while the JSON kubectl would otherwise
 * send omits it. So, to produce the object as if it had arrived as JSON:
 * - a string, bytes, number or bool field holding its zero value ('', no bytes, 0, false) is
 *   omitted, unless the field is a Go pointer (`pointer`), which gogo writes only when set: then
 *   the zero value is kept (`immutable: false`, `automountServiceAccountToken: false`);
 * - a Time of zero (seconds = nanos = 0) is omitted (Go's JSON writes null);
 * - an IntOrString of 0 or '' is omitted unless it is a pointer (the JSON decoders default both
 *   alike, e.g. a Service port's targetPort);
 * - repeated fields and maps are omitted when they have no element (gogo writes nothing then);
 *   elements themselves are kept as they are, so `apiGroups: ['']` and `data: {k: ''}` survive;
 * - nested messages present on the wire are kept even when empty (`status: {}`), as Go's JSON
 *   never omits a struct, and gogo writes non-pointer structs always and pointer ones when set.
 */
import {
  type FieldDescriptor,
  type FieldType,
  int32,
  int64,
  type MessageDescriptor,
  str,
  strs,
  type ValueType,
} from './descriptor.js';
import {
  decodeUtf8,
  ProtobufDecodeError,
  readFields,
  WIRE_BYTES,
  WIRE_VARINT,
  type WireField,
  WireReader,
} from './wire.js';

const TIME: MessageDescriptor = { 1: int64('seconds'), 2: int32('nanos') };
const INT_OR_STRING: MessageDescriptor = { 1: int64('type'), 2: int32('intVal'), 3: str('strVal') };
const STRING_LIST: MessageDescriptor = { 1: strs('items') };

const isNumeric = (t: FieldType) => t === 'int32' || t === 'int64' || t === 'bool';

function varintOf(f: WireField, t: FieldType): bigint {
  if (f.wire !== WIRE_VARINT) throw new ProtobufDecodeError(`field ${f.field} should be a varint`);
  const v = f.value;
  return t === 'int32' ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v);
}

function bytesOf(f: WireField): Uint8Array {
  if (f.wire !== WIRE_BYTES) throw new ProtobufDecodeError(`field ${f.field} should be length-delimited`);
  return f.value;
}

/** Go's RFC3339 rendering of a Time (UTC, whole seconds); undefined for the zero Time. */
function rfc3339(seconds: number, nanos: number): string | undefined {
  if (seconds === 0 && nanos === 0) return undefined;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufDecodeError('timestamp out of range');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function scalarValue(f: WireField, t: ValueType): unknown {
  if (typeof t === 'object') return decodeMessage(bytesOf(f), t.message);
  switch (t) {
    case 'string':
      return decodeUtf8(bytesOf(f), f.field);
    case 'bytes':
      return Buffer.from(bytesOf(f)).toString('base64');
    case 'int32':
    case 'int64':
      return Number(varintOf(f, t));
    case 'bool':
      return varintOf(f, t) !== 0n;
    case 'time': {
      const tm = decodeMessage(bytesOf(f), TIME);
      return rfc3339(Number(tm.seconds ?? 0), Number(tm.nanos ?? 0)) ?? null;
    }
    case 'intOrString': {
      const v = decodeMessage(bytesOf(f), INT_OR_STRING);
      return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
    }
    case 'stringList':
      return decodeMessage(bytesOf(f), STRING_LIST).items ?? [];
  }
}

/** The value a map entry holds when its value field is absent. */
function zeroOf(t: ValueType): unknown {
  if (typeof t === 'object') return {};
  const zeros: Record<string, unknown> = {
    string: '',
    bytes: '',
    int32: 0,
    int64: 0,
    bool: false,
    time: null,
  };
  return t === 'intOrString' ? 0 : t === 'stringList' ? [] : zeros[t];
}

function mapEntry(f: WireField, value: ValueType): [string, unknown] {
  let key = '';
  let found: unknown = zeroOf(value);
  for (const e of readFields(bytesOf(f))) {
    if (e.field === 1) key = decodeUtf8(bytesOf(e), 1);
    else if (e.field === 2) found = scalarValue(e, value);
  }
  return [key, found];
}

/** Whether a singular field's JSON value is "empty" and so omitted (see the header). */
function omitted(d: FieldDescriptor, v: unknown): boolean {
  if (v === null) return true; // the zero Time
  if (d.pointer || typeof d.type === 'object') return false;
  return v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0);
}

export function decodeMessage(buf: Uint8Array, descriptor: MessageDescriptor): Record<string, unknown> {
  const singular = new Map<number, unknown>();
  const lists = new Map<number, unknown[]>();
  const maps = new Map<number, Map<string, unknown>>();
  for (const f of readFields(buf)) {
    const d = descriptor[f.field];
    if (!d) continue;
    const t = d.type;
    if (typeof t === 'object' && 'map' in t) {
      const entries = maps.get(f.field) ?? new Map<string, unknown>();
      const [key, value] = mapEntry(f, t.map);
      entries.set(key, value);
      maps.set(f.field, entries);
    } else if (d.repeated) {
      const list = lists.get(f.field) ?? [];
      if (isNumeric(t) && f.wire === WIRE_BYTES) {
        // packed encoding of a repeated varint field
        const packed = new WireReader(f.value);
        while (!packed.done)
          list.push(scalarValue({ field: f.field, wire: WIRE_VARINT, value: packed.varint() }, t));
      } else list.push(scalarValue(f, t));
      lists.set(f.field, list);
    } else singular.set(f.field, scalarValue(f, t));
  }
  const out: Array<[string, unknown]> = [];
  for (const [n, d] of Object.entries(descriptor)) {
    const field = Number(n);
    if (singular.has(field)) {
      const v = singular.get(field);
      if (d.inline && v && typeof v === 'object') out.push(...Object.entries(v));
      else if (!omitted(d, v)) out.push([d.name, v]);
    } else if (lists.has(field)) out.push([d.name, lists.get(field)]);
    else if (maps.has(field)) out.push([d.name, Object.fromEntries(maps.get(field)!)]);
  }
  // fromEntries defines own properties, so a key such as `__proto__` stays plain data
  return Object.fromEntries(out);
}
