/** Messages between `DiskLane` and its worker thread (`disk-worker.mjs`). */

/**
 * One file change of a group commit: `value` undefined deletes the file. `temp` is the hidden temp
 * file a write goes through; `line` the journal line appended once the change is on disk.
 */
export interface DiskChange {
  file: string;
  temp: string;
  value?: string | undefined;
  /** The content hash of `value`, kept by the worker's index for the start-up snapshot. */
  hash?: string | undefined;
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
  /** The next slice of the start-up read of every object file (through the snapshot file). */
  | { id: number; type: 'load'; count: number; snapshotFile: string }
  /** Writes the start-up snapshot of these objects (relative paths, contents, content hashes). */
  | {
      id: number;
      type: 'snapshot';
      snapshotFile: string;
      files: string[];
      contents: string[];
      hashes: string[];
    }
  /** The next slice of the periodic stat sweep. */
  | { id: number; type: 'sweep'; count: number };

/**
 * A slice of the start-up read: relative paths, their contents and content hashes; `read` of them
 * were read from their files, the others taken from the snapshot.
 */
export interface LoadSlice {
  files: string[];
  /** A file's content, or null when it is taken from the snapshot (see `spans`). */
  contents: (string | null)[];
  /** Offset and length in `snapshot` of each null content, in order. */
  spans: number[];
  hashes: string[];
  read: number;
  done: boolean;
  /** The snapshot's bytes, transferred with the first slice. */
  snapshot?: ArrayBuffer;
}

export interface SnapshotResult {
  written: number;
}

/** A slice of a sweep: relative paths whose stat differs from the index (new, edited, vanished). */
export interface SweepSlice {
  changed: string[];
  done: boolean;
}

export type DiskResult = CommitResult | LoadSlice | SweepSlice | SnapshotResult | null;

/** Request 0 is the worker's start: opening the journal. */
export type DiskReply =
  | { id: number; result: DiskResult }
  | { id: number; error: { message: string; code?: string | undefined } };
