import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.js';
import {
  bool,
  type FieldDescriptor,
  int32,
  int64,
  intOrString,
  type MessageDescriptor,
  map,
  msg,
  msgs,
  pointer,
  str,
  strs,
  time,
} from './descriptor.js';
import * as e from './test-helpers/encoder.js';
import { ProtobufDecodeError } from './wire.js';

const ITEM: MessageDescriptor = { 1: str('name'), 2: int32('count') };
const D: MessageDescriptor = {
  1: str('s'),
  2: int32('i32'),
  3: int64('i64'),
  4: bool('b'),
  5: pointer(bool('p')),
  6: strs('list'),
  7: msg('child', ITEM),
  8: msgs('items', ITEM),
  9: map('labels', 'string'),
  10: map('blobs', 'bytes'),
  11: map('children', { message: ITEM }),
  12: time('when'),
  13: intOrString('port'),
  14: map('extra', 'stringList'),
  15: { name: 'raw', type: 'bytes' } satisfies FieldDescriptor,
  16: { name: 'counts', type: 'int32', repeated: true },
  17: pointer(str('ps')),
};

describe('decodeMessage', () => {
  it('decodes scalars, skipping unknown fields', () => {
    const buf = e.message(
      e.str(1, 'hello'),
      e.varint(2, -7),
      e.varint(3, 2 ** 40),
      e.varint(4, true),
      e.str(99, 'from a newer client'),
      e.fixed64(98),
      e.sub(97, e.str(1, 'nested unknown')),
      e.bytes(15, Uint8Array.of(0, 1, 2, 250)),
    );
    expect(decodeMessage(buf, D)).toEqual({ s: 'hello', i32: -7, i64: 2 ** 40, b: true, raw: 'AAEC+g==' });
  });

  it('omits the empty values gogo writes for non-pointer fields, keeps pointer zeros', () => {
    const buf = e.message(
      e.str(1, ''),
      e.varint(2, 0),
      e.varint(3, 0),
      e.varint(4, false),
      e.varint(5, false),
      e.bytes(15, new Uint8Array()),
      e.str(17, ''),
      e.sub(12),
      e.sub(13),
    );
    expect(decodeMessage(buf, D)).toEqual({ p: false, ps: '' });
  });

  it('keeps empty nested messages, and empty elements of lists and maps', () => {
    const buf = e.message(
      e.sub(7),
      e.str(6, ''),
      e.str(6, 'x'),
      e.entry(9, 'empty', e.str(2, '')),
      e.sub(9, e.str(1, 'novalue')),
    );
    expect(decodeMessage(buf, D)).toEqual({ child: {}, list: ['', 'x'], labels: { empty: '', novalue: '' } });
  });

  it('decodes nested repeated messages and maps of strings, bytes, messages and string lists', () => {
    const buf = e.message(
      e.sub(8, e.str(1, 'a'), e.varint(2, 1)),
      e.sub(8, e.str(1, 'b'), e.varint(2, 0)),
      e.entry(9, 'app', e.str(2, 'demo')),
      e.entry(9, 'app', e.str(2, 'last wins')),
      e.entry(10, 'key', e.bytes(2, new TextEncoder().encode('secret'))),
      e.entry(11, 'c', e.sub(2, e.str(1, 'inner'))),
      e.entry(14, 'scopes', e.sub(2, e.str(1, 'x'), e.str(1, 'y'))),
    );
    expect(decodeMessage(buf, D)).toEqual({
      items: [{ name: 'a', count: 1 }, { name: 'b' }],
      labels: { app: 'last wins' },
      blobs: { key: Buffer.from('secret').toString('base64') },
      children: { c: { name: 'inner' } },
      extra: { scopes: ['x', 'y'] },
    });
  });

  it('renders Time as RFC3339 at second precision', () => {
    const at = (seconds: number, nanos = 0) =>
      decodeMessage(e.sub(12, e.varint(1, seconds), e.varint(2, nanos)), D).when;
    expect(at(1_700_000_000)).toBe('2023-11-14T22:13:20Z');
    expect(at(1_700_000_000, 999_999_999)).toBe('2023-11-14T22:13:20Z');
    expect(at(-86_400)).toBe('1969-12-31T00:00:00Z');
    expect(at(0, 5)).toBe('1970-01-01T00:00:00Z');
    expect(() => at(2 ** 50)).toThrow(ProtobufDecodeError);
  });

  it('decodes IntOrString in both forms', () => {
    const port = (...fields: Uint8Array[]) => decodeMessage(e.sub(13, ...fields), D).port;
    expect(port(e.varint(1, 0), e.varint(2, 8080), e.str(3, ''))).toBe(8080);
    expect(port(e.varint(1, 1), e.varint(2, 0), e.str(3, 'http'))).toBe('http');
    expect(port(e.varint(1, 1))).toBeUndefined();
  });

  it('accepts packed and unpacked repeated varints', () => {
    const packed = e.bytes(16, Uint8Array.of(...e.varintBytes(1), ...e.varintBytes(300)));
    expect(decodeMessage(e.message(packed, e.varint(16, 2)), D).counts).toEqual([1, 300, 2]);
    expect(() => decodeMessage(e.bytes(16, Uint8Array.of(0x80)), D)).toThrow(ProtobufDecodeError);
  });

  it('merges inline messages into the parent', () => {
    const parent: MessageDescriptor = {
      1: str('host'),
      2: { ...msg('value', { 1: str('http') }), inline: true },
    };
    expect(decodeMessage(e.message(e.str(1, 'h'), e.sub(2, e.str(1, 'x'))), parent)).toEqual({
      host: 'h',
      http: 'x',
    });
  });

  it('rejects a known field with the wrong wire type, and truncated nested messages', () => {
    expect(() => decodeMessage(e.varint(1, 3), D)).toThrow(ProtobufDecodeError);
    expect(() => decodeMessage(e.str(2, 'x'), D)).toThrow(ProtobufDecodeError);
    expect(() => decodeMessage(e.bytes(7, Uint8Array.of(0x0a, 0x09, 0x61)), D)).toThrow(ProtobufDecodeError);
  });

  it('keeps a __proto__ map key as plain data', () => {
    const out = decodeMessage(e.entry(9, '__proto__', e.str(2, 'x')), D);
    const labels = out.labels as Record<string, unknown>;
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(Object.keys(labels)).toEqual(['__proto__']);
  });
});
