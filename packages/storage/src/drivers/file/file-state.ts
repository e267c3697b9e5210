import type { DriverEvent, KeyValue } from '../../driver.js';
import { SortedKeys } from '../../sorted-keys.js';
import type { JournalState } from './journal.js';
import { contentHash } from './paths.js';

/** The file driver's in-memory view: every value, its content hash and the revision counters. */
export class FileState {
  readonly values = new Map<string, KeyValue>();
  readonly hashes = new Map<string, string>();
  readonly keys = new SortedKeys();
  /** Newest published revision. */
  committed = 0;
  /** Newest allocated revision; revisions of failed writes are skipped, never reused while running. */
  allocated = 0;

  /** Applies a committed event (the caller publishes it); `hash` is the content hash when known. */
  apply(event: DriverEvent, hash?: string): void {
    const key = event.kv.key;
    if (event.type === 'delete') {
      this.values.delete(key);
      this.hashes.delete(key);
      this.keys.delete(key);
      return;
    }
    this.values.set(key, event.kv);
    this.hashes.set(key, hash ?? contentHash(event.kv.value));
    this.keys.add(key);
  }

  /** What a compacted journal must hold. */
  journalState(): JournalState {
    const entries = new Map(
      [...this.values].map(([key, kv]) => [
        key,
        { revision: kv.revision, createRevision: kv.createRevision, hash: this.hashes.get(key)! },
      ]),
    );
    return { head: this.committed, entries };
  }
}
