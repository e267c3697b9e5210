/**
 * `migrate --from <storage> --to <storage>`: every object of every kind from one storage into
 * another, through the store code on both sides. Secrets are decrypted with the source's key
 * files and encrypted with the target's. From higress-standalone's own Nacos layout the Nacos
 * driver adopts the data as it opens (MD5 resourceVersions restamped, `enc|` values read with
 * `--from-nacos-encryption-key-file`).
 */
import type { Change } from '@hs/backup';
import { readEverything } from '../backup/endpoint-choice.js';
import { loadSnapshot } from '../backup/load-snapshot.js';
import { type KeyFiles, openStorage, parseStorageSpec } from '../backup/storage-spec.js';

export interface MigrateOptions {
  from: string;
  to: string;
  fromKeys: KeyFiles;
  toKeys: KeyFiles;
  dryRun: boolean;
  cwd: string;
  out: (line: string) => void;
  stderr: NodeJS.WritableStream;
}

export async function migrate(o: MigrateOptions): Promise<Record<Change, number>> {
  const from = parseStorageSpec(o.from, o.fromKeys, o.cwd);
  const to = parseStorageSpec(o.to, o.toKeys, o.cwd);
  if (from.description === to.description)
    throw new Error(`migrate: --from and --to are the same storage (${to.description})`);
  const source = await openStorage(from);
  const snapshot = await readEverything(source);
  const target = await openStorage(to);
  try {
    return await loadSnapshot(snapshot, target, o);
  } finally {
    await target.close();
  }
}
