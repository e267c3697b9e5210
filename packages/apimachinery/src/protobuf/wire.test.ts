import { describe, expect, it } from 'vitest';
import { bytes, fixed32, fixed64, message, str, varint, varintBytes } from './test-helpers/encoder.js';
import { decodeUtf8, ProtobufDecodeError, readFields, WireReader } from './wire.js';

describe('WireReader', () => {
  it('reads one- and multi-byte varints up to 64 bits', () => {
    for (const v of [0n, 1n, 127n, 128n, 300n, 2n ** 35n, 2n ** 64n - 1n]) {
      expect(new WireReader(varintBytes(v)).varint()).toBe(v);
    }
    // a negative int64 is ten bytes of two's complement
    expect(varintBytes(-1)).toHaveLength(10);
    expect(BigInt.asIntN(64, new WireReader(varintBytes(-5)).varint())).toBe(-5n);
  });

  it('splits a message into fields and skips fixed-width values', () => {
    const fields = readFields(
      message(str(1, 'a'), fixed64(2), varint(3, 7), fixed32(4), bytes(5, Uint8Array.of(1, 2))),
    );
    expect(fields.map((f) => [f.field, f.wire])).toEqual([
      [1, 2],
      [2, 1],
      [3, 0],
      [4, 5],
      [5, 2],
    ]);
    expect(fields[2]).toMatchObject({ value: 7n });
    expect(fields[4]).toMatchObject({ value: Uint8Array.of(1, 2) });
  });

  it('reads large field numbers', () => {
    expect(readFields(str(2 ** 29 - 1, 'x'))[0]?.field).toBe(2 ** 29 - 1);
  });

  it.each([
    ['an unterminated varint', Uint8Array.of(0x08, 0x80, 0x80)],
    ['a varint longer than 10 bytes', Uint8Array.of(0x08, ...new Array(11).fill(0xff), 0x01)],
    ['a length past the end', Uint8Array.of(0x0a, 0x05, 0x61)],
    ['a huge length', Uint8Array.of(0x0a, ...varintBytes(2 ** 40))],
    ['a truncated fixed64', Uint8Array.of(0x09, 1, 2, 3)],
    ['a truncated fixed32', Uint8Array.of(0x0d, 1)],
    ['a group (wire type 3)', Uint8Array.of(0x0b)],
    ['wire type 7', Uint8Array.of(0x0f)],
    ['field number 0', Uint8Array.of(0x02, 0x00)],
    ['a tag cut short', Uint8Array.of(0x80)],
  ])('rejects %s', (_what, buf) => {
    expect(() => readFields(buf)).toThrow(ProtobufDecodeError);
  });

  it('rejects invalid UTF-8 without quoting it', () => {
    expect(() => decodeUtf8(Uint8Array.of(0x73, 0xff, 0xfe), 3)).toThrow('field 3 is not valid UTF-8');
    expect(decodeUtf8(new TextEncoder().encode('héllo'), 1)).toBe('héllo');
  });
});
