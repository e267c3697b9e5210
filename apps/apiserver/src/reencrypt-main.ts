#!/usr/bin/env node
/**
 * `higress-apiserver-reencrypt`: opens a storage with the same storage and key flags as
 * `higress-apiserver` (--storage, --file-root-dir, --nacos-*, --encryption-key-file,
 * --nacos-encryption-key-file), rewrites every object stored encrypted at rest under the first
 * key of the key file (see adapters/reencrypt.ts), prints one line per kind and exits 0.
 * Rotation: prepend a new key to the key file, restart the servers, run this, then drop old keys.
 * It works beside a running server (writes are compare-and-set); for file storage stop the
 * server first, as only one process may own a file root.
 */
import { registry } from '@hs/resources';
import { Command, CommanderError } from 'commander';
import { reencryptAll } from './adapters/reencrypt.js';
import { type StorageConfig, storageFromConfig } from './adapters/storage.js';
import { addStorageFlags, type StorageFlags, storageConfigOf } from './storage-flags.js';

const STORAGE_TYPES = ['file', 'nacos'] as const;

interface Options extends StorageFlags {
  encryptionKeyFile?: string;
  nacosEncryptionKeyFile?: string;
}

function program(): Command {
  return addStorageFlags(
    new Command('higress-apiserver-reencrypt').description(
      'Rewrite every object stored encrypted at rest under the current (first) key.',
    ),
    STORAGE_TYPES,
  )
    .option('--encryption-key-file <file>', 'key list (<id>:<base64> lines); the first key writes')
    .option('--nacos-encryption-key-file <file>', "the Go original's raw AES key, to read its enc| values")
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

/** The storage config of the flags; throws an Error with a readable message. */
function reencryptConfig(argv: readonly string[]): StorageConfig {
  const o = program()
    .parse([...argv], { from: 'user' })
    .opts<Options>();
  const keys = { encryptionKeyFile: o.encryptionKeyFile, legacyEncryptionKeyFile: o.nacosEncryptionKeyFile };
  if (!o.encryptionKeyFile && !o.nacosEncryptionKeyFile) {
    throw new Error('give --encryption-key-file (and --nacos-encryption-key-file for enc| values)');
  }
  return storageConfigOf(o, STORAGE_TYPES, keys, (message) => new Error(message));
}

async function main(): Promise<void> {
  const storage = await storageFromConfig(reencryptConfig(process.argv.slice(2)), registry);
  try {
    const report = await reencryptAll(storage, registry);
    for (const k of report.kinds) {
      process.stdout.write(`${k.kind}: ${k.examined} examined, ${k.rewritten} rewritten\n`);
    }
  } finally {
    await storage.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') process.exit(0);
  process.stderr.write(`higress-apiserver-reencrypt: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
