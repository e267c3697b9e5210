/**
 * Differences that are defects of ours, not yet fixed, each with what is wrong. They are counted
 * and printed as defects; the suite fails on any other defect, and on an entry here that no longer
 * differs (so a fix removes its entry).
 */
export interface KnownDefect {
  scenario: string;
  op: string;
  why: string;
}

export const KNOWN_DEFECTS: readonly KnownDefect[] = [];
