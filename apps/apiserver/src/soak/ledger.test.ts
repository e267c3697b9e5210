import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.js';

describe('soak ledger', () => {
  it('reports an acknowledged write that is not stored', () => {
    const ledger = new Ledger();
    ledger.acknowledged('a', 'v1');
    ledger.acknowledged('a', 'v2');
    expect(ledger.lost(new Map([['a', 'v1']]))).toEqual([{ name: 'a', acked: 'v2', stored: 'v1' }]);
    expect(ledger.lost(new Map())).toEqual([{ name: 'a', acked: 'v2', stored: null }]);
    expect(ledger.lost(new Map([['a', 'v2']]))).toEqual([]);
  });

  it('accepts an uncertain write landing, even after a read that did not show it yet', () => {
    const ledger = new Ledger();
    ledger.acknowledged('a', 'v1');
    ledger.uncertain('a', 'v2');
    ledger.observed('a', 'v1');
    expect(ledger.lost(new Map([['a', 'v2']]))).toEqual([]);
    expect(ledger.lost(new Map([['a', 'v1']]))).toEqual([]);
    expect(ledger.lost(new Map([['a', 'v3']]))).toHaveLength(1);
  });

  it('lets a later acknowledged write supersede uncertain ones', () => {
    const ledger = new Ledger();
    ledger.uncertain('a', 'v1');
    ledger.acknowledged('a', null);
    expect(ledger.lost(new Map([['a', 'v1']]))).toEqual([{ name: 'a', acked: null, stored: 'v1' }]);
    expect(ledger.ackedWrites).toBe(1);
  });
});
