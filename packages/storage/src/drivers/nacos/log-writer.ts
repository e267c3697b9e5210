/**
 * The leader's side of the change log: appends committed entries by compare-and-set (a lost CAS
 * means another leader fenced us), writes the index checkpoint and trims old entries.
 */
import { casAt, isNacosError, type NacosClient } from '@hs/nacos-client';
import {
  type CompactionPolicy,
  type LogDocument,
  type LogEntry,
  serializeIndex,
  serializeLog,
  trimLog,
} from './change-log.js';
import { INDEX_DATA_ID, KV_GROUP, LOG_DATA_ID } from './key-mapping.js';
import type { ReplicaState } from './replica-state.js';
import { dropPartsOfEntry, MANIFEST_MARKER, type StoredValueContext, storedForm } from './stored-value.js';

export class FencedError extends Error {
  override readonly name = 'FencedError';
}

export class LogWriter {
  log: LogDocument | undefined;
  logMd5: string | undefined;
  indexMd5: string | undefined;
  /** The index entry this writer last published (its content is a manifest when in parts). */
  private indexEntry: { content: string; md5: string } | undefined;
  indexRev = 0;

  constructor(
    private readonly client: NacosClient,
    private readonly tenant: string,
    private readonly policy: CompactionPolicy,
    /** The index holds a record per key: beyond one entry it is stored in parts, as large objects are. */
    private readonly stored: StoredValueContext,
  ) {}

  private addr(dataId: string) {
    return { tenant: this.tenant, group: KV_GROUP, dataId };
  }

  /** Replaces the log document by CAS; throws FencedError when it moved under us. */
  async write(doc: LogDocument): Promise<void> {
    const content = serializeLog(doc);
    try {
      this.logMd5 = await this.client.publish(this.addr(LOG_DATA_ID), content, {
        ...casAt(this.logMd5),
        type: 'text',
      });
    } catch (err) {
      if (isNacosError(err, 'Conflict'))
        throw new FencedError('the change log was written by another replica');
      throw err;
    }
    this.log = doc;
  }

  /** Appends entries (increasing revisions above the head). */
  async append(entries: LogEntry[], head: number): Promise<void> {
    const base = this.log!;
    const doc = trimLog(
      { ...base, head, entries: [...base.entries, ...entries] },
      this.policy,
      this.indexRev,
    );
    await this.write(doc);
  }

  /** Writes the index checkpoint when the log has grown past its limit; the next append trims. */
  async maybeCheckpoint(state: ReplicaState): Promise<void> {
    if (!this.log || this.log.entries.length <= this.policy.maxEntries || this.indexRev >= state.applied)
      return;
    // The revision the records are taken at: the state may move on while the index is written.
    const rev = state.applied;
    const index = await serializeIndex({ rev, records: state.indexRecords() });
    // The entry being replaced: its parts (if it was stored in parts) go once the new one is in.
    // Read from Nacos only when this writer did not write it (the first checkpoint after taking over).
    const previous =
      this.indexMd5 === undefined
        ? undefined
        : this.indexEntry?.md5 === this.indexMd5
          ? this.indexEntry
          : await this.client.getDetail(this.addr(INDEX_DATA_ID));
    const content = await storedForm(this.stored, index);
    try {
      this.indexMd5 = await this.client.publish(this.addr(INDEX_DATA_ID), content, {
        ...casAt(this.indexMd5),
        type: 'text',
      });
    } catch (err) {
      if (isNacosError(err, 'Conflict')) {
        // Someone else wrote it: learn its md5 and try again on the next commit.
        this.indexMd5 = (await this.client.getDetail(this.addr(INDEX_DATA_ID)))?.md5;
        return;
      }
      throw err;
    }
    // Only a manifest matters later (its parts are dropped); a plain index is not kept in memory.
    this.indexEntry = { content: content.startsWith(MANIFEST_MARKER) ? content : '', md5: this.indexMd5 };
    this.indexRev = rev;
    // Readers that still hold the old manifest find a part missing and read the index again.
    if (previous?.md5 !== undefined && previous.content !== content)
      await dropPartsOfEntry(this.stored, previous.content);
  }
}
