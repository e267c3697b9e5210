/**
 * Reads and checks a whole backup archive before anything is restored: gzip and tar framing, the
 * manifest, every entry's size and sha256, the key, every sealed entry's authentication tag, and
 * that each object is of a kind the registry serves and sits under its own entry name. Any
 * failure is an ArchiveError naming the problem.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { KubeObject, Registry } from '@hs/resources';
import tar from 'tar-stream';
import { parse } from 'yaml';
import { ArchiveError } from './archive-error.js';
import {
  ARCHIVE_FORMAT,
  backedUpKinds,
  entryName,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  type Manifest,
  manifestSchema,
  resourceName,
} from './archive-format.js';
import { ArchiveKey } from './archive-key.js';
import type { Snapshot } from './snapshot.js';

export interface ReadArchiveOptions {
  registry: Registry;
  /** The passphrase the archive's sensitive objects were sealed with. */
  passphrase?: string | undefined;
  /** Without a passphrase: restore everything else and leave the sealed objects out. */
  skipSecrets?: boolean | undefined;
}

export interface ReadArchive {
  manifest: Manifest;
  snapshot: Snapshot;
  /** Sealed objects left out (skipSecrets without a key), per resource. */
  leftOut: Record<string, number>;
}

export async function readArchive(bytes: Buffer, options: ReadArchiveOptions): Promise<ReadArchive> {
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(bytes);
  } catch (error) {
    throw new ArchiveError(
      'Corrupt',
      `not a complete gzip stream (${(error as Error).message}): the archive is truncated or damaged`,
    );
  }
  const files = await untar(tarBytes);
  const manifest = parseManifest(files);
  const listed = new Set(manifest.entries.map((e) => e.name));
  for (const name of files.keys())
    if (name !== MANIFEST_ENTRY && !listed.has(name))
      throw new ArchiveError('Corrupt', `entry ${name} is not in the manifest`);
  for (const e of manifest.entries) {
    const data = files.get(e.name);
    if (!data) throw new ArchiveError('Corrupt', `entry ${e.name} is listed in the manifest but missing`);
    const sha = createHash('sha256').update(data).digest('hex');
    if (data.length !== e.size || sha !== e.sha256)
      throw new ArchiveError('Corrupt', `entry ${e.name} is damaged: its sha256 does not match the manifest`);
  }
  const key = await keyFor(manifest, options);
  const kinds = backedUpKinds(options.registry.entries);
  const byPath = new Map(kinds.map((def) => [`${def.group || 'core'}/${def.plural}`, def]));
  const snapshot: Snapshot = kinds.map((def) => ({ def, objects: [] as KubeObject[] }));
  const leftOut: Record<string, number> = {};
  for (const e of manifest.entries) {
    const def = byPath.get(e.name.split('/').slice(1, 3).join('/'));
    if (!def)
      throw new ArchiveError('UnknownKind', `entry ${e.name} is of a resource this server does not serve`);
    if (e.sealed !== def.encryptAtRest)
      throw new ArchiveError('Corrupt', `entry ${e.name} should ${def.encryptAtRest ? '' : 'not '}be sealed`);
    let data = files.get(e.name)!;
    if (e.sealed) {
      if (!key) {
        leftOut[resourceName(def)] = (leftOut[resourceName(def)] ?? 0) + 1;
        continue;
      }
      const opened = key.open(data, e.name);
      if (!opened)
        throw new ArchiveError(
          'Corrupt',
          `sealed entry ${e.name} fails its authentication check: it was altered`,
        );
      data = opened;
    }
    const obj = parseObject(e.name, data);
    if (options.registry.forObject(obj.apiVersion, obj.kind) !== def || entryName(def, obj) !== e.name)
      throw new ArchiveError(
        'Corrupt',
        `entry ${e.name} holds ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}, not the object its name says`,
      );
    snapshot.find((k) => k.def === def)!.objects.push(obj);
  }
  for (const { def, objects } of snapshot) {
    const expected = manifest.counts[resourceName(def)] ?? 0;
    if (objects.length + (leftOut[resourceName(def)] ?? 0) !== expected)
      throw new ArchiveError(
        'Corrupt',
        `the manifest counts ${expected} ${resourceName(def)} but the archive holds ${objects.length}`,
      );
  }
  return { manifest, snapshot: snapshot.filter((k) => k.objects.length > 0), leftOut };
}

async function untar(bytes: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  Readable.from([bytes]).pipe(extract);
  try {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type !== 'file')
        throw new ArchiveError('Corrupt', `entry ${entry.header.name} is not a file`);
      if (files.has(entry.header.name))
        throw new ArchiveError('Corrupt', `entry ${entry.header.name} appears twice`);
      if (files.size === 0 && entry.header.name !== MANIFEST_ENTRY)
        throw new ArchiveError(
          'Corrupt',
          `the first entry is ${entry.header.name}, not ${MANIFEST_ENTRY}: not a backup archive`,
        );
      files.set(entry.header.name, Buffer.concat(chunks));
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError('Corrupt', `the tar inside the archive is damaged (${(error as Error).message})`);
  }
  if (!files.has(MANIFEST_ENTRY))
    throw new ArchiveError('Corrupt', `no ${MANIFEST_ENTRY}: not a backup archive`);
  return files;
}

function parseManifest(files: Map<string, Buffer>): Manifest {
  let raw: unknown;
  try {
    raw = parse(files.get(MANIFEST_ENTRY)!.toString('utf8'));
  } catch (error) {
    throw new ArchiveError('Corrupt', `${MANIFEST_ENTRY} is not valid YAML (${(error as Error).message})`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== ARCHIVE_FORMAT)
    throw new ArchiveError('Corrupt', `${MANIFEST_ENTRY} is not of a ${ARCHIVE_FORMAT} archive`);
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION)
    throw new ArchiveError(
      'Unsupported',
      `archive format version ${version} is newer than this tool reads (${FORMAT_VERSION}); use a newer higress-standalone`,
    );
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new ArchiveError(
      'Corrupt',
      `${MANIFEST_ENTRY} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

async function keyFor(manifest: Manifest, options: ReadArchiveOptions): Promise<ArchiveKey | undefined> {
  const sealed = manifest.entries.filter((e) => e.sealed).length;
  if (!manifest.encryption) {
    if (sealed > 0)
      throw new ArchiveError('Corrupt', 'the archive has sealed entries but no encryption parameters');
    return undefined;
  }
  if (options.passphrase === undefined) {
    if (sealed === 0 || options.skipSecrets) return undefined;
    throw new ArchiveError(
      'KeyRequired',
      `the archive holds ${sealed} sealed object(s) of sensitive kinds and no key was given to open them`,
    );
  }
  const key = await ArchiveKey.derive(options.passphrase, manifest.encryption.kdf);
  if (!key.matches(manifest.encryption.keyCheck))
    throw new ArchiveError('WrongKey', 'wrong key: the archive was sealed with another passphrase');
  return key;
}

function parseObject(name: string, data: Buffer): KubeObject {
  let obj: unknown;
  try {
    obj = parse(data.toString('utf8'));
  } catch (error) {
    throw new ArchiveError('Corrupt', `entry ${name} is not valid YAML (${(error as Error).message})`);
  }
  const o = obj as Partial<KubeObject> | null;
  if (
    !o ||
    typeof o !== 'object' ||
    typeof o.apiVersion !== 'string' ||
    typeof o.kind !== 'string' ||
    typeof o.metadata !== 'object' ||
    !o.metadata
  )
    throw new ArchiveError('Corrupt', `entry ${name} is not a Kubernetes object`);
  return o as KubeObject;
}
