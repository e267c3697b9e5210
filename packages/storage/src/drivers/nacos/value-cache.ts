/**
 * A local copy of the values a replica holds (`--nacos-cache-dir`), so a restart reads from Nacos
 * only what changed: Nacos 3.x lists carry md5s but no content (one GET per object otherwise).
 * A cached value is used only where Nacos lists the same md5 for the key (snapshot.ts), so a stale
 * or old cache costs reads, never correctness; a damaged one (checksum) is ignored.
 *
 * Format: JSON lines — a header `{"format":1,"tenant":…,"revision":…}`, one `[key, md5, value]`
 * line per key, and a trailer `{"count":n,"sha256":…}` over the lines before it. Written to a
 * temporary file and renamed, in slices so the event loop keeps serving.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { nextTurn } from '../../next-turn.js';

const FORMAT = 1;
/** Keys serialised between two event-loop turns, and about how many bytes go to disk at once. */
const SLICE = 2000;
const FLUSH_BYTES = 4 * 1024 * 1024;

/** One cached key: its value and the md5 of its Nacos entry (the shape of a held StoredKey). */
interface CachedValue {
  md5: string;
  kv: { value: string };
}
/** What the cache gives back: per storage key, a value and the md5 of its Nacos entry. */
export type CachedValues = ReadonlyMap<string, CachedValue>;

export function cacheFile(dir: string, tenant: string): string {
  return join(dir, `${encodeURIComponent(tenant)}.values.jsonl`);
}

export async function writeValueCache(
  dir: string,
  tenant: string,
  revision: number,
  keys: CachedValues,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = cacheFile(dir, tenant);
  const temp = `${file}.${process.pid}.tmp`;
  // Owner-only: the values include Secrets unless they are encrypted at rest.
  const handle = await open(temp, 'w', 0o600);
  try {
    const hash = createHash('sha256');
    let chunk: string[] = [];
    let size = 0;
    const flush = async () => {
      const text = chunk.join('');
      hash.update(text);
      await handle.write(text);
      chunk = [];
      size = 0;
    };
    const add = async (line: string) => {
      chunk.push(line);
      size += line.length;
      if (size >= FLUSH_BYTES) await flush();
    };
    await add(`${JSON.stringify({ format: FORMAT, tenant, revision })}\n`);
    let count = 0;
    for (const [key, { md5, kv }] of keys) {
      await add(`${JSON.stringify([key, md5, kv.value])}\n`);
      if (++count % SLICE === 0) await nextTurn();
    }
    await flush();
    await handle.write(`${JSON.stringify({ count, sha256: hash.digest('hex') })}\n`);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(temp, file);
}

/** The cached values, or undefined (with the reason) when there is no usable cache. */
export async function readValueCache(
  dir: string,
  tenant: string,
): Promise<{ values?: CachedValues; problem?: string }> {
  const file = cacheFile(dir, tenant);
  const values = new Map<string, CachedValue>();
  const hash = createHash('sha256');
  let header: { format?: unknown; tenant?: unknown } | undefined;
  let trailer: { count?: unknown; sha256?: unknown } | undefined;
  try {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (trailer) return { problem: `${file} has lines after its trailer` };
      const parsed = JSON.parse(line) as unknown;
      if (header === undefined) header = parsed as typeof header;
      else if (!Array.isArray(parsed)) {
        trailer = parsed as typeof trailer;
        continue;
      } else {
        const [key, md5, value] = parsed as unknown[];
        if (typeof key !== 'string' || typeof md5 !== 'string' || typeof value !== 'string') {
          return { problem: `${file} has a malformed entry` };
        }
        values.set(key, { md5, kv: { value } });
      }
      hash.update(`${line}\n`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    if (err instanceof SyntaxError) return { problem: `${file} is incomplete or damaged (${err.message})` };
    return { problem: `${file} cannot be read: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (header?.format !== FORMAT || header.tenant !== tenant) {
    return { problem: `${file} is not a format-${FORMAT} cache of tenant ${tenant}` };
  }
  if (trailer?.count !== values.size || trailer.sha256 !== hash.digest('hex')) {
    return { problem: `${file} is incomplete or damaged (checksum)` };
  }
  return { values };
}

/**
 * Keeps the cache of one replica fresh: every `intervalMs` when the applied revision moved, and
 * once more when the driver closes. A failed write is reported and tried again next time.
 */
export class ValueCacheKeeper {
  private written = -1;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly tenant: string,
    private readonly source: () => { revision: number; keys: CachedValues },
    private readonly intervalMs: number,
  ) {}

  read(): ReturnType<typeof readValueCache> {
    return readValueCache(this.dir, this.tenant);
  }

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.save(), this.intervalMs);
    this.timer.unref();
  }

  /** Writes the cache unless it is current; joins a write in flight. */
  save(): Promise<void> {
    if (this.writing) return this.writing;
    const { revision, keys } = this.source();
    if (revision === this.written) return Promise.resolve();
    this.writing = writeValueCache(this.dir, this.tenant, revision, keys)
      .then(() => {
        this.written = revision;
      })
      .catch((err: unknown) => {
        console.error(
          `storage: could not write the Nacos value cache in ${this.dir}: ${err instanceof Error ? err.message : String(err)}`,
        );
      })
      .finally(() => {
        this.writing = undefined;
      });
    return this.writing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.save();
  }
}
