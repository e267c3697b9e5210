/**
 * `restore FILE`: checks the whole archive (framing, checksums, key, every sealed entry) before
 * opening the target, so a damaged archive or a wrong key writes nothing; then loads it.
 */
import { readFile } from 'node:fs/promises';
import { ArchiveError, type Change, readArchive } from '@hs/backup';
import { registry } from '@hs/resources';
import { type EndpointChoice, endpointFor } from '../backup/endpoint-choice.js';
import { loadSnapshot } from '../backup/load-snapshot.js';

export interface RestoreOptions extends EndpointChoice {
  file: string;
  passphrase: string | undefined;
  skipSecrets: boolean;
  dryRun: boolean;
  out: (line: string) => void;
  stderr: NodeJS.WritableStream;
}

export async function restore(o: RestoreOptions): Promise<Record<Change, number>> {
  const bytes = await readFile(o.file);
  const archive = await readArchive(bytes, {
    registry,
    passphrase: o.passphrase,
    skipSecrets: o.skipSecrets,
  }).catch((error: unknown) => {
    if (!(error instanceof ArchiveError)) throw error;
    const hint =
      error.code === 'KeyRequired'
        ? ': give --archive-key-file <file> or --archive-passphrase-env <var>, or --skip-secrets to restore the rest'
        : '';
    throw new Error(`cannot restore ${o.file}: ${error.message}${hint}; nothing was written`);
  });
  const leftOut = Object.entries(archive.leftOut).map(([r, n]) => `${n} ${r}`);
  o.out(
    `archive of ${archive.manifest.source}, created ${archive.manifest.created}${leftOut.length ? `; leaving out sealed ${leftOut.join(', ')} (--skip-secrets)` : ''}`,
  );
  const target = await endpointFor(o, 'restore');
  try {
    return await loadSnapshot(archive.snapshot, target, o);
  } finally {
    await target.close();
  }
}
