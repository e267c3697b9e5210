import { StorageError } from '@hs/apimachinery';
import type { DriverEvent, DriverListResult, Encode, KeyValue, StorageDriver } from '../driver.js';
import { SortedKeys } from '../sorted-keys.js';
import { DriverEventHub } from './event-hub.js';
import { assertValidKey } from './key.js';

export interface MemoryDriverOptions {
  /** Committed events kept for `subscribe` resumes (default 10,000). */
  historyLimit?: number;
}

/**
 * The reference driver, as kine's pkg/drivers/memory: ordered keys, one global revision, every
 * write committed and published synchronously. Nothing survives the process.
 */
class MemoryDriver implements StorageDriver {
  readonly name = 'memory';
  readonly valueFormat = 'json';
  readonly #values = new Map<string, KeyValue>();
  readonly #keys = new SortedKeys();
  readonly #hub: DriverEventHub;
  #revision = 0;
  #closed = false;

  constructor(options: MemoryDriverOptions) {
    this.#hub = new DriverEventHub({ limit: options.historyLimit ?? 10_000, startRevision: 0 });
  }

  async start(): Promise<void> {}

  currentRevision(): number {
    return this.#revision;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.#values.get(key);
  }

  async list(prefix: string): Promise<DriverListResult> {
    const kvs: KeyValue[] = [];
    for (const key of this.#keys.withPrefix(prefix)) kvs.push(this.#values.get(key)!);
    return { revision: this.#revision, kvs };
  }

  async create(key: string, encode: Encode): Promise<KeyValue> {
    this.#assertOpen(key);
    assertValidKey(key);
    if (this.#values.has(key)) throw new StorageError('KeyExists', key);
    const revision = this.#revision + 1;
    const kv: KeyValue = { key, value: encode(revision), revision, createRevision: revision };
    this.#commit({ type: 'create', revision, kv });
    return kv;
  }

  async update(key: string, expectedRevision: number, encode: Encode): Promise<KeyValue> {
    this.#assertOpen(key);
    const prev = this.#values.get(key);
    if (!prev) throw new StorageError('KeyNotFound', key);
    if (prev.revision !== expectedRevision) throw conflict(key, prev.revision);
    const revision = this.#revision + 1;
    const kv: KeyValue = { key, value: encode(revision), revision, createRevision: prev.createRevision };
    this.#commit({ type: 'update', revision, kv, prev });
    return kv;
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; kv: KeyValue }> {
    this.#assertOpen(key);
    const kv = this.#values.get(key);
    if (!kv) throw new StorageError('KeyNotFound', key);
    if (expectedRevision !== undefined && kv.revision !== expectedRevision) throw conflict(key, kv.revision);
    const revision = this.#revision + 1;
    this.#commit({ type: 'delete', revision, kv });
    return { revision, kv };
  }

  subscribe(afterRevision: number, onEvents: (events: DriverEvent[]) => void): () => void {
    return this.#hub.subscribe(afterRevision, onEvents);
  }

  health(): string | undefined {
    return this.#closed ? 'closed' : undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#hub.clear();
  }

  /** Applies the event to the map and publishes it; the revision advances before subscribers run. */
  #commit(event: DriverEvent): void {
    this.#revision = event.revision;
    if (event.type === 'delete') {
      this.#values.delete(event.kv.key);
      this.#keys.delete(event.kv.key);
    } else {
      this.#values.set(event.kv.key, event.kv);
      this.#keys.add(event.kv.key);
    }
    this.#hub.publish([event]);
  }

  #assertOpen(key: string): void {
    if (this.#closed) throw new StorageError('Unreachable', key, 'memory driver is closed');
  }
}

function conflict(key: string, revision: number): StorageError {
  return new StorageError('Conflict', key, `revision of ${key} is ${revision}`, { revision });
}

export function createMemoryDriver(options: MemoryDriverOptions = {}): StorageDriver {
  return new MemoryDriver(options);
}
