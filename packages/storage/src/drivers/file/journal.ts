import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, writeFileAtomic } from './atomic-write.js';

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

const FILE = 'journal';

/**
 * The append-only, fsynced revision journal under `<root>/.state/`: key → revision, createRevision
 * and content hash, plus the global head. Replayed and compacted on start; a torn last line (crash
 * mid-append) is ignored, since its write was never acknowledged.
 */
export class Journal {
  #handle: FileHandle;
  /** Lines appended since the last compaction. */
  appended = 0;

  private constructor(
    private readonly dir: string,
    handle: FileHandle,
  ) {
    this.#handle = handle;
  }

  static async open(dir: string): Promise<{ journal: Journal; state: JournalState }> {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, FILE);
    const state = parse(await readFile(file, 'utf8').catch(missingAsEmpty));
    const journal = new Journal(dir, await open(file, 'a'));
    return { journal, state };
  }

  /** Appends records and makes them durable before resolving. */
  async append(records: JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#handle.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    await this.#handle.datasync();
    this.appended += records.length;
  }

  /** Replaces the journal by the head and one record per live key (atomically, durably). */
  async compact(state: JournalState): Promise<void> {
    const lines = [`${JSON.stringify({ head: state.head })}\n`];
    for (const [k, e] of state.entries)
      lines.push(`${JSON.stringify({ k, r: e.revision, c: e.createRevision, h: e.hash })}\n`);
    const file = path.join(this.dir, FILE);
    await writeFileAtomic(file, lines.join(''));
    await syncDirectory(this.dir);
    await this.#handle.close();
    this.#handle = await open(file, 'a');
    this.appended = 0;
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}

function parse(text: string): JournalState {
  const state: JournalState = { head: 0, entries: new Map() };
  for (const line of text.split('\n')) {
    if (line === '') continue;
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
