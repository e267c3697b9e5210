import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fitsOneEntry, formEncodedLength } from './stored-value.js';

describe('stored-value sizes', () => {
  it('measures a value as URLSearchParams form-encodes it', () => {
    // Random strings over ASCII, 2-, 3- and 4-byte UTF-8 code points.
    const ranges: Array<[number, number]> = [
      [0x20, 0x7e],
      [0x80, 0x7ff],
      [0x800, 0xd7ff],
      [0x10000, 0x10ffff],
    ];
    for (let n = 0; n < 500; n++) {
      const s = Array.from({ length: randomInt(0, 40) }, () => {
        const [lo, hi] = ranges[randomInt(0, ranges.length)]!;
        return String.fromCodePoint(randomInt(lo, hi + 1));
      }).join('');
      expect(formEncodedLength(s), JSON.stringify(s)).toBe(
        new URLSearchParams({ c: s }).toString().length - 2,
      );
    }
    expect(formEncodedLength('a b:é€😀')).toBe(new URLSearchParams({ c: 'a b:é€😀' }).toString().length - 2);
  });

  it('keeps a value in one entry exactly while its form-encoded size fits', () => {
    expect(fitsOneEntry('a'.repeat(1000), 1000)).toBe(true);
    expect(fitsOneEntry('a'.repeat(1001), 1000)).toBe(false);
    expect(fitsOneEntry(':'.repeat(334), 1000)).toBe(false);
    expect(fitsOneEntry(':'.repeat(333), 1000)).toBe(true);
  });
});
