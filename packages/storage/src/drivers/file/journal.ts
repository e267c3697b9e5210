import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** What the journal knows of one key. */
export interface JournalEntry {
  revision: number;
  createRevision: number;
  hash: string;
}

export interface JournalState {
  /** The newest revision ever committed (deletes included), so revisions never repeat after a restart. */
  head: number;
  entries: Map<string, JournalEntry>;
}

/** One line of the journal: a put, a delete, or the head written at compaction. */
export type JournalRecord =
  | { k: string; r: number; c: number; h: string }
  | { k: string; r: number; d: 1 }
  | { head: number };

/**
 * The append-only, fsynced revision journal `<root>/.state/journal`: key → revision, createRevision
 * and content hash, plus the global head. Replayed and compacted on start; a torn last line (crash
 * mid-append) is ignored, since its write was never acknowledged. `DiskLane` appends and compacts.
 */
export async function readJournal(stateDir: string): Promise<JournalState & { records: number }> {
  await mkdir(stateDir, { recursive: true });
  return parse(await readFile(path.join(stateDir, 'journal'), 'utf8').catch(missingAsEmpty));
}

/** A compacted journal: the head and one record per live key. */
export function journalText(state: JournalState): string {
  const lines = [`${JSON.stringify({ head: state.head })}\n`];
  for (const [k, e] of state.entries)
    lines.push(`${JSON.stringify({ k, r: e.revision, c: e.createRevision, h: e.hash })}\n`);
  return lines.join('');
}

/** `records`: the lines read, which a compacted journal keeps to one per live key plus the head. */
function parse(text: string): JournalState & { records: number } {
  const state = { head: 0, entries: new Map<string, JournalEntry>(), records: 0 };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    state.records++;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      continue;
    }
    if ('head' in record) {
      state.head = Math.max(state.head, record.head);
      continue;
    }
    state.head = Math.max(state.head, record.r);
    if ('d' in record) state.entries.delete(record.k);
    else state.entries.set(record.k, { revision: record.r, createRevision: record.c, hash: record.h });
  }
  return state;
}

function missingAsEmpty(err: unknown): string {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
  throw err;
}
