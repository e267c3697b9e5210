/**
 * Differences that are defects of ours, not yet fixed, grouped by cause (a rule covers single
 * differences, by path and operation). They are counted and printed as known defects; the gate fails
 * on any other defect, and on a rule that no longer matches anything (so a fix removes its entry).
 * Each cause is listed in docs/compatibility.md.
 */
import type { Difference } from './diff.js';

export interface KnownDefect {
  id: string;
  why: string;
  applies(d: Difference, op: { scenario: string; id: string; request: string }): boolean;
}

/** None today: every difference the harness finds is explained (explained.ts) or fails the gate. */
export const KNOWN_DEFECTS: readonly KnownDefect[] = [];
