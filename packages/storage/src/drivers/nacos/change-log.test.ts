import { isStorageError } from '@hs/apimachinery';
import { describe, expect, it } from 'vitest';
import {
  type LogDocument,
  parseIndex,
  parseLog,
  serializeIndex,
  serializeLog,
  trimLog,
} from './change-log.js';

const doc = (n: number): LogDocument => ({
  epoch: 2,
  head: n,
  floor: 0,
  holder: 'r1',
  entries: Array.from({ length: n }, (_, i) => ({
    r: i + 1,
    o: 'u' as const,
    k: 'configmaps/d/a',
    m: 'x',
    c: 1,
    v: `v${i}`,
  })),
});

describe('change log document', () => {
  it('round-trips header and entries', async () => {
    const d = doc(3);
    expect(parseLog(serializeLog(d))).toEqual(d);
    const index = { rev: 7, records: [{ k: 'configmaps/d/a', r: 7, c: 1, m: 'abc' }] };
    expect(parseIndex(await serializeIndex(index))).toEqual(index);
    // Serialised in slices: every record of a larger index comes back, in order.
    const records = Array.from({ length: 12 }, (_, i) => ({
      k: `configmaps/d/k${i}`,
      r: i + 1,
      c: 1,
      m: 'm',
    }));
    expect(parseIndex(await serializeIndex({ rev: 12, records }, 5))).toEqual({ rev: 12, records });
  });

  it('reports corrupt content as StorageError Corrupt', () => {
    for (const bad of ['not json', '[]', '{"epoch":1}']) {
      let err: unknown;
      try {
        parseLog(bad);
      } catch (e) {
        err = e;
      }
      expect(isStorageError(err, 'Corrupt'), bad).toBe(true);
    }
  });

  it('drops entries only up to the checkpoint and strips old inline values', () => {
    const policy = { retain: 4, maxEntries: 8, inlineRecent: 2, inlineBudgetBytes: 1024 };
    const big = doc(10);
    expect(trimLog(big, policy, undefined).entries).toHaveLength(10);
    const trimmed = trimLog(big, policy, 10);
    expect(trimmed.entries.map((e) => e.r)).toEqual([7, 8, 9, 10]);
    expect(trimmed.floor).toBe(6);
    expect(trimmed.entries.map((e) => e.v)).toEqual([undefined, undefined, 'v8', 'v9']);
    // A checkpoint older than the entries to drop keeps them: followers must be able to catch up.
    const partial = trimLog(big, policy, 3);
    expect(partial.entries[0]?.r).toBe(4);
    expect(partial.floor).toBe(3);
  });

  it('keeps inline values within the byte budget, newest first', () => {
    const d = doc(4);
    d.entries = d.entries.map((e, i) => ({ ...e, v: 'x'.repeat(i === 3 ? 600 : 300) }));
    const out = trimLog(d, { retain: 4, maxEntries: 8, inlineRecent: 4, inlineBudgetBytes: 1000 }, undefined);
    expect(out.entries.map((e) => e.v?.length)).toEqual([undefined, undefined, 300, 600]);
  });
});
