/**
 * How an object's value is laid out in Nacos. A value whose form-encoded size fits one entry
 * (`entryMaxBytes`) is stored as is: higress-standalone's layout. A larger one is gzip-compressed,
 * base64url-encoded (all characters form-encode as themselves) and split into immutable parts in
 * group `_kv` (`part.<sha256 of the value>.<i>`), written BEFORE the object's own entry, which then
 * holds a small manifest naming them. A reader therefore never meets a manifest whose parts are
 * not all there; it checks the reassembled value's sha256. Old parts are deleted only after the
 * write that replaced them committed (the log append); a reader that lost that race finds a part
 * missing and resynchronises, as for any value that changed under it.
 *
 * The per-entry limit being worked around: Nacos 3.1's Tomcat parses at most 2 MiB of
 * form-encoded request body (Spring Boot's `server.tomcat.max-http-form-post-size`); a larger
 * publish loses all its parameters and answers 400 "Required parameter 'dataId' is not present.".
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { NacosClient } from '@hs/nacos-client';
import { KV_GROUP } from './key-mapping.js';

// Compression runs on libuv's pool: a large value or index never holds the event loop for it.
const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

export const MANIFEST_MARKER = '# higress-standalone-ts: this object is stored in parts';

export interface StoredValueContext {
  client: NacosClient;
  tenant: string;
  /** Largest form-encoded content of one entry. */
  entryMaxBytes: number;
}

interface Manifest {
  v: 1;
  sha256: string;
  size: number;
  parts: string[];
}

/** Bytes `content` takes in an application/x-www-form-urlencoded body (URLSearchParams' rules). */
export function formEncodedLength(content: string): number {
  let n = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x2a ||
      c === 0x2d ||
      c === 0x2e ||
      c === 0x5f ||
      c === 0x20
    )
      n += 1;
    else if (c < 0x80) n += 3;
    else if (c < 0x800) n += 6;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 12;
      i++;
    } else n += 9;
  }
  return n;
}

export function fitsOneEntry(value: string, entryMaxBytes: number): boolean {
  if (value.length > entryMaxBytes) return false; // every character takes at least one byte
  return value.length * 12 <= entryMaxBytes || formEncodedLength(value) <= entryMaxBytes;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const partAddress = (ctx: { tenant: string }, dataId: string) => ({
  tenant: ctx.tenant,
  group: KV_GROUP,
  dataId,
});

async function split(value: string, entryMaxBytes: number): Promise<{ sha: string; chunks: string[] }> {
  const sha = sha256(value);
  const packed = (await gzip(value)).toString('base64url');
  const chunks: string[] = [];
  for (let i = 0; i < packed.length; i += entryMaxBytes) chunks.push(packed.slice(i, i + entryMaxBytes));
  return { sha, chunks };
}

/**
 * The content to publish as the object's entry for `value`: the value itself when it fits, else a
 * manifest, after every part has been written.
 */
export async function storedForm(ctx: StoredValueContext, value: string): Promise<string> {
  if (fitsOneEntry(value, ctx.entryMaxBytes)) return value;
  const { sha, chunks } = await split(value, ctx.entryMaxBytes);
  const parts = chunks.map((_, i) => `part.${sha}.${i}`);
  await Promise.all(
    chunks.map((chunk, i) => ctx.client.publish(partAddress(ctx, parts[i]!), chunk, { type: 'text' })),
  );
  const manifest: Manifest = { v: 1, sha256: sha, size: Buffer.byteLength(value), parts };
  return `${MANIFEST_MARKER}\n${JSON.stringify(manifest)}\n`;
}

function parseManifest(content: string): Manifest | undefined {
  if (!content.startsWith(MANIFEST_MARKER)) return undefined;
  try {
    const m = JSON.parse(content.slice(MANIFEST_MARKER.length)) as Manifest;
    return m.v === 1 && Array.isArray(m.parts) && typeof m.sha256 === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The value an entry's content stands for: the content itself, or the reassembled parts of a
 * manifest; undefined when a part is missing or the parts do not make the recorded value.
 */
export async function readStoredValue(
  ctx: Pick<StoredValueContext, 'client' | 'tenant'>,
  content: string,
): Promise<string | undefined> {
  const manifest = parseManifest(content);
  if (!manifest) return content;
  const chunks = await Promise.all(
    manifest.parts.map(async (id) => (await ctx.client.getDetail(partAddress(ctx, id)))?.content),
  );
  if (chunks.some((c) => c === undefined)) return undefined;
  let value: string;
  try {
    value = (await gunzip(Buffer.from(chunks.join(''), 'base64url'))).toString('utf8');
  } catch {
    return undefined;
  }
  return sha256(value) === manifest.sha256 ? value : undefined;
}

/** Deletes the parts a previous value of an object used (none when it fit one entry). */
export async function dropParts(ctx: StoredValueContext, oldValue: string | undefined): Promise<void> {
  if (oldValue === undefined || fitsOneEntry(oldValue, ctx.entryMaxBytes)) return;
  const { sha, chunks } = await split(oldValue, ctx.entryMaxBytes);
  await Promise.all(chunks.map((_, i) => ctx.client.delete(partAddress(ctx, `part.${sha}.${i}`))));
}

/**
 * Deletes the parts an entry's content names when it is a manifest (read from the entry itself,
 * so the whole value need not be kept); nothing for a plain value.
 */
export async function dropPartsOfEntry(
  ctx: Pick<StoredValueContext, 'client' | 'tenant'>,
  content: string | undefined,
): Promise<void> {
  const manifest = content === undefined ? undefined : parseManifest(content);
  if (!manifest) return;
  await Promise.all(manifest.parts.map((id) => ctx.client.delete(partAddress(ctx, id))));
}
