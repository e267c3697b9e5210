/** Writes a snapshot as a backup archive (layout in archive-format.ts). */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { stringify } from 'yaml';
import { SecretsNeedKeyError } from './archive-error.js';
import {
  ARCHIVE_FORMAT,
  entryName,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  type Manifest,
  resourceName,
} from './archive-format.js';
import type { ArchiveKey } from './archive-key.js';
import type { Snapshot } from './snapshot.js';
import { portableObject } from './system-fields.js';

export interface WriteArchiveOptions {
  /** Where the objects came from (no credentials). */
  source: string;
  /** Seals objects of kinds with `encryptAtRest`; without it they need `skipSecrets`. */
  key?: ArchiveKey | undefined;
  /** Leave the objects of sensitive kinds out (counted in the manifest's `skipped`). */
  skipSecrets?: boolean | undefined;
  now?: Date;
}

export interface WrittenArchive {
  bytes: Buffer;
  manifest: Manifest;
}

export async function writeArchive(
  snapshot: Snapshot,
  options: WriteArchiveOptions,
): Promise<WrittenArchive> {
  const { key } = options;
  const sensitive = Object.fromEntries(
    snapshot
      .filter((k) => k.def.encryptAtRest && k.objects.length > 0)
      .map((k) => [resourceName(k.def), k.objects.length]),
  );
  if (!key && !options.skipSecrets && Object.keys(sensitive).length > 0)
    throw new SecretsNeedKeyError(sensitive);

  const entries: { name: string; data: Buffer; sealed: boolean }[] = [];
  const counts: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  for (const { def, objects } of snapshot) {
    if (objects.length === 0) continue;
    if (def.encryptAtRest && !key) {
      skipped[resourceName(def)] = objects.length;
      continue;
    }
    counts[resourceName(def)] = objects.length;
    const sorted = [...objects].sort((a, b) => order(a).localeCompare(order(b)));
    for (const obj of sorted) {
      const name = entryName(def, obj);
      const yaml = Buffer.from(stringify(portableObject(obj)), 'utf8');
      const sealed = def.encryptAtRest && key !== undefined;
      entries.push({ name, data: sealed ? key.seal(yaml, name) : yaml, sealed });
    }
  }
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    formatVersion: FORMAT_VERSION,
    created: (options.now ?? new Date()).toISOString(),
    source: options.source,
    counts,
    skipped,
    encryption: key ? { algorithm: 'AES-256-GCM', kdf: key.kdf, keyCheck: key.keyCheck() } : null,
    entries: entries.map((e) => ({
      name: e.name,
      sha256: createHash('sha256').update(e.data).digest('hex'),
      size: e.data.length,
      sealed: e.sealed,
    })),
  };
  const mtime = new Date(manifest.created);
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  pack.entry({ name: MANIFEST_ENTRY, mode: 0o600, mtime }, Buffer.from(stringify(manifest), 'utf8'));
  for (const e of entries) pack.entry({ name: e.name, mode: 0o600, mtime }, e.data);
  pack.finalize();
  await ended;
  return { bytes: gzipSync(Buffer.concat(chunks)), manifest };
}

function order(obj: { metadata: { namespace?: string; name?: string } }): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}
