/**
 * The protobuf wire format, read side only (https://protobuf.dev/programming-guides/encoding/):
 * varints (wire type 0), fixed64 (1), length-delimited (2) and fixed32 (5). Groups (3, 4) are
 * refused, as k8s.io/api never uses them. Truncated or malformed input throws a
 * ProtobufDecodeError whose message names positions and field numbers only, never body bytes
 * (bodies carry secrets and tokens).
 */

export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** One field of a message as found on the wire. */
export type WireField =
  | { field: number; wire: typeof WIRE_VARINT; value: bigint }
  | { field: number; wire: typeof WIRE_BYTES; value: Uint8Array }
  | { field: number; wire: typeof WIRE_FIXED64 | typeof WIRE_FIXED32 };

const MAX_FIELD_NUMBER = 2 ** 29 - 1;

export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** An unsigned varint of up to 10 bytes (64 bits), as a bigint. */
  varint(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new ProtobufDecodeError('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufDecodeError('varint longer than 10 bytes');
  }

  /** A varint used as a length or tag: must fit in a safe integer. */
  smallVarint(what: string): number {
    const v = this.varint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtobufDecodeError(`${what} out of range`);
    return Number(v);
  }

  bytes(): Uint8Array {
    const len = this.smallVarint('length');
    if (len > this.buf.length - this.pos) throw new ProtobufDecodeError('truncated length-delimited field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  skip(n: number): void {
    if (n > this.buf.length - this.pos) throw new ProtobufDecodeError('truncated fixed-width field');
    this.pos += n;
  }

  /** The next field; fixed-width values are skipped (no k8s.io/api field we decode uses them). */
  field(): WireField {
    const tag = this.smallVarint('tag');
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field < 1 || field > MAX_FIELD_NUMBER) throw new ProtobufDecodeError(`invalid field number ${field}`);
    switch (wire) {
      case WIRE_VARINT:
        return { field, wire, value: this.varint() };
      case WIRE_BYTES:
        return { field, wire, value: this.bytes() };
      case WIRE_FIXED64:
        this.skip(8);
        return { field, wire };
      case WIRE_FIXED32:
        this.skip(4);
        return { field, wire };
      default:
        throw new ProtobufDecodeError(`unsupported wire type ${wire} in field ${field}`);
    }
  }
}

/** All fields of one message, in wire order. */
export function readFields(buf: Uint8Array): WireField[] {
  const reader = new WireReader(buf);
  const out: WireField[] = [];
  while (!reader.done) out.push(reader.field());
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of a string field; invalid UTF-8 is a decode error (Go's JSON would mangle it). */
export function decodeUtf8(bytes: Uint8Array, field: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ProtobufDecodeError(`field ${field} is not valid UTF-8`);
  }
}
