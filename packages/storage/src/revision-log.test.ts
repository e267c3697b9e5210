import { describe, expect, it } from 'vitest';
import { RevisionLog } from './revision-log.js';

const ev = (revision: number, size = 1) => ({ revision, size });
const log = (limit: number, maxBytes?: number) =>
  new RevisionLog<{ revision: number; size: number }>({
    startRevision: 0,
    limit,
    bytesOf: (e) => e.size,
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });

describe('RevisionLog', () => {
  it('answers the events after a revision, oldest first', () => {
    const l = log(10);
    l.append([ev(2), ev(5), ev(7)]);
    expect(l.after(0).map((e) => e.revision)).toEqual([2, 5, 7]);
    expect(l.after(5).map((e) => e.revision)).toEqual([7]);
    expect(l.after(4).map((e) => e.revision)).toEqual([5, 7]);
    expect(l.after(7)).toEqual([]);
  });

  it('drops the oldest beyond the count and raises the floor to the last dropped revision', () => {
    const l = log(2);
    for (let r = 1; r <= 50; r++) l.append([ev(r)]);
    expect(l.after(0).map((e) => e.revision)).toEqual([49, 50]);
    expect(l.floor).toBe(48);
  });

  it('drops by bytes but always keeps the newest event', () => {
    const l = log(100, 10);
    l.append([ev(1, 4), ev(2, 4), ev(3, 4)]);
    expect(l.after(0).map((e) => e.revision)).toEqual([2, 3]);
    expect(l.floor).toBe(1);
    l.append([ev(4, 50)]);
    expect(l.after(0).map((e) => e.revision)).toEqual([4]);
    expect(l.floor).toBe(3);
  });

  it('raiseFloor never lowers the floor', () => {
    const l = log(2);
    l.append([ev(1), ev(2), ev(3)]);
    l.raiseFloor(0);
    expect(l.floor).toBe(1);
    l.raiseFloor(9);
    expect(l.floor).toBe(9);
  });
});
