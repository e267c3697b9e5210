/** Messages between `DiskLane` and its worker thread (`disk-worker.mjs`). */

/**
 * One file change of a group commit: `value` undefined deletes the file. `temp` is the hidden temp
 * file a write goes through; `line` the journal line appended once the change is on disk.
 */
export interface DiskChange {
  file: string;
  temp: string;
  value?: string | undefined;
  line: string;
}

export interface DiskFailure {
  index: number;
  code?: string | undefined;
  message: string;
}

/**
 * `failed`: changes whose file step failed (not journaled). `absent`: deletes whose file was
 * already gone (journaled; nothing changed on disk).
 */
export interface CommitResult {
  failed: DiskFailure[];
  absent: number[];
}

export type DiskRequest =
  | { id: number; type: 'commit'; changes: DiskChange[]; extraLines: string }
  | { id: number; type: 'compact'; content: string; temp: string }
  | { id: number; type: 'close' }
  /** The next slice of the start-up read of every object file. */
  | { id: number; type: 'load'; count: number }
  /** The next slice of the periodic stat sweep. */
  | { id: number; type: 'sweep'; count: number };

/** A slice of the start-up read: relative paths, their contents and content hashes. */
export interface LoadSlice {
  files: string[];
  contents: string[];
  hashes: string[];
  done: boolean;
}

/** A slice of a sweep: relative paths whose stat differs from the index (new, edited, vanished). */
export interface SweepSlice {
  changed: string[];
  done: boolean;
}

export type DiskResult = CommitResult | LoadSlice | SweepSlice | null;

/** Request 0 is the worker's start: opening the journal. */
export type DiskReply =
  | { id: number; result: DiskResult }
  | { id: number; error: { message: string; code?: string | undefined } };
