/** `backup -o FILE`: every object of every kind, from a storage or a running API server, into one archive. */
import { rename, writeFile } from 'node:fs/promises';
import { ArchiveKey, type Manifest, SecretsNeedKeyError, writeArchive } from '@hs/backup';
import { type EndpointChoice, endpointFor, readEverything } from '../backup/endpoint-choice.js';

export interface BackupOptions extends EndpointChoice {
  out: string;
  passphrase: string | undefined;
  skipSecrets: boolean;
  log: (line: string) => void;
}

export async function backup(o: BackupOptions): Promise<Manifest> {
  const source = await endpointFor(o, 'backup');
  const snapshot = await readEverything(source);
  const key = o.passphrase === undefined ? undefined : await ArchiveKey.create(o.passphrase);
  const archive = await writeArchive(snapshot, {
    source: source.description,
    key,
    skipSecrets: o.skipSecrets,
  }).catch((error: unknown) => {
    if (!(error instanceof SecretsNeedKeyError)) throw error;
    throw new Error(
      `${error.message}: seal them with --archive-key-file <file> or --archive-passphrase-env <var>, or leave them out with --skip-secrets`,
    );
  });
  // Written beside the target and renamed: an interrupted backup never leaves a partial archive.
  const partial = `${o.out}.partial-${process.pid}`;
  await writeFile(partial, archive.bytes, { mode: 0o600 });
  await rename(partial, o.out);
  const skipped = Object.entries(archive.manifest.skipped).map(([r, n]) => `${n} ${r}`);
  o.log(
    `backed up ${archive.manifest.entries.length} object(s) of ${Object.keys(archive.manifest.counts).length} resource(s) from ${source.description} to ${o.out} (${archive.bytes.length} bytes)${skipped.length ? `; left out: ${skipped.join(', ')}` : ''}`,
  );
  return archive.manifest;
}
