import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DurationError,
  describeTimeLeft,
  EXPIRY_WARNING_DAYS,
  expiryOf,
  parseDuration,
} from './expiry.js';

const now = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('expiry', () => {
  it('warns from 30 days before notAfter and calls a past notAfter expired', () => {
    expect(EXPIRY_WARNING_DAYS).toBe(30);
    expect(expiryOf(at(31 * DAY_MS), now)).toMatchObject({ state: 'ok', daysLeft: 31 });
    expect(expiryOf(at(30 * DAY_MS), now)).toMatchObject({ state: 'warning', daysLeft: 30 });
    expect(expiryOf(at(1000), now)).toMatchObject({ state: 'warning', daysLeft: 0 });
    expect(expiryOf(at(0), now).state).toBe('expired');
    expect(expiryOf(at(-DAY_MS - 1), now)).toMatchObject({ state: 'expired', daysLeft: -2 });
    expect(expiryOf(at(10_000), now, 5000).state).toBe('ok');
  });

  it('describes the time left in the largest whole unit', () => {
    expect(describeTimeLeft(12 * DAY_MS + 5)).toBe('in 12 day(s)');
    expect(describeTimeLeft(3 * 3_600_000)).toBe('in 3 h');
    expect(describeTimeLeft(90_000)).toBe('in 1 min');
    expect(describeTimeLeft(4_500)).toBe('in 4 s');
    expect(describeTimeLeft(-2 * DAY_MS)).toBe('EXPIRED 2 day(s) ago');
  });

  it('parses durations with units and rejects bare numbers and unknown units', () => {
    expect(parseDuration('30d')).toBe(30 * DAY_MS);
    expect(parseDuration('1d12h')).toBe(1.5 * DAY_MS);
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration(' 5s ')).toBe(5000);
    expect(parseDuration('0.5s')).toBe(500);
    for (const bad of ['30', '', 'd', '5w', '-3d', '3 d']) {
      expect(() => parseDuration(bad)).toThrow(DurationError);
    }
    expect(() => parseDuration('30')).toThrow(/use a number with a unit/);
  });
});
