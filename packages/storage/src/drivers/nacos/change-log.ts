/**
 * The change log `_kv/kv.log` and its checkpoint `_kv/kv.index` (nacos-protocol.md §4.3): one text
 * config holding a JSON header line and the most recent committed entries, one JSON line each.
 * Only the leader appends, always by compare-and-set, so the log gives every replica one global
 * revision order; the index is the full key → revision table at a checkpoint revision, which lets
 * the log drop old entries.
 */
import { StorageError } from '@hs/apimachinery';
import { nextTurn } from '../../next-turn.js';

export interface LogEntry {
  /** Revision of the change. */
  r: number;
  o: 'c' | 'u' | 'd';
  /** Storage key. */
  k: string;
  /** md5 of the stored value (absent for deletes). */
  m?: string;
  /** createRevision of the key. */
  c: number;
  /** The value itself when small, so followers need no extra read. */
  v?: string;
}

export interface LogDocument {
  epoch: number;
  /** Highest revision allocated (≥ the last entry's). */
  head: number;
  /** Entries with r ≤ floor were dropped; every entry in (floor, head] is present. */
  floor: number;
  holder: string;
  entries: LogEntry[];
}

export interface IndexRecord {
  k: string;
  r: number;
  c: number;
  m: string;
}

export interface IndexDocument {
  /** The revision this table is complete at. */
  rev: number;
  records: IndexRecord[];
}

function parseLines(text: string, what: string): unknown[] {
  try {
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
  } catch (cause) {
    throw new StorageError('Corrupt', what, `the Nacos config ${what} is not valid JSON lines`, { cause });
  }
}

export function parseLog(text: string): LogDocument {
  const [header, ...entries] = parseLines(text, 'kv.log') as [
    Partial<LogDocument> | undefined,
    ...LogEntry[],
  ];
  if (!header || typeof header.head !== 'number' || typeof header.epoch !== 'number') {
    throw new StorageError('Corrupt', 'kv.log', 'the change log has no header');
  }
  return {
    epoch: header.epoch,
    head: header.head,
    floor: header.floor ?? 0,
    holder: header.holder ?? '',
    entries,
  };
}

/** Entry lines already serialised: the leader rewrites the whole log at every append. */
const lines = new WeakMap<LogEntry, string>();

function lineOf(e: LogEntry): string {
  let line = lines.get(e);
  if (line === undefined) {
    line = JSON.stringify(e);
    lines.set(e, line);
  }
  return line;
}

export function serializeLog(doc: LogDocument): string {
  const { entries, ...header } = doc;
  return [JSON.stringify(header), ...entries.map(lineOf)].join('\n');
}

export function parseIndex(text: string): IndexDocument {
  const [header, ...records] = parseLines(text, 'kv.index') as [
    { rev?: unknown } | undefined,
    ...IndexRecord[],
  ];
  if (!header || typeof header.rev !== 'number')
    throw new StorageError('Corrupt', 'kv.index', 'the index has no header');
  return { rev: header.rev, records };
}

/** The index text, built in slices of `slice` records with an event-loop turn between them (large stores). */
export async function serializeIndex(doc: IndexDocument, slice = 5000): Promise<string> {
  const lines = [JSON.stringify({ rev: doc.rev })];
  for (let i = 0; i < doc.records.length; i++) {
    if (i > 0 && i % slice === 0) await nextTurn();
    lines.push(JSON.stringify(doc.records[i]));
  }
  return lines.join('\n');
}

export interface CompactionPolicy {
  /** Entries kept after compaction. */
  retain: number;
  /** Compact once the log holds more entries than this. */
  maxEntries: number;
  /** Only the newest this-many entries keep inline values … */
  inlineRecent: number;
  /** … and only while their values add up to at most this many bytes (keeps the log well under 1 MB). */
  inlineBudgetBytes: number;
}

/** Drops inline values beyond the newest `inlineRecent` entries and old entries above `maxEntries`. */
export function trimLog(
  doc: LogDocument,
  policy: CompactionPolicy,
  checkpoint: number | undefined,
): LogDocument {
  let entries = doc.entries;
  let floor = doc.floor;
  if (checkpoint !== undefined && entries.length > policy.maxEntries) {
    const drop = entries.length - policy.retain;
    const dropped = entries.slice(0, drop).filter((e) => e.r <= checkpoint);
    if (dropped.length > 0) {
      floor = Math.max(floor, dropped[dropped.length - 1]!.r);
      entries = entries.slice(dropped.length);
    }
  }
  // Newest first: keep inline values within the count and byte budgets, drop the rest.
  let budget = policy.inlineBudgetBytes;
  let kept = 0;
  const out = entries.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    const e = out[i]!;
    if (e.v === undefined) continue;
    const size = Buffer.byteLength(e.v);
    if (kept < policy.inlineRecent && size <= budget) {
      kept++;
      budget -= size;
    } else out[i] = { ...e, v: undefined };
  }
  return { ...doc, floor, entries: out };
}
