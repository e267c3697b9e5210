/**
 * The storage flags `higress-apiserver` and `higress-apiserver-reencrypt` share (`--storage`,
 * `--file-root-dir`, `--nacos-server`, `--nacos-username`, `--nacos-password`, `--nacos-ns-id`)
 * and the storage config they give, with the same readable errors in both programs.
 */
import type { Command } from 'commander';
import type { EncryptionFiles, StorageConfig } from './adapters/storage.js';

export type StorageType = StorageConfig['type'];

/** The flags as commander parses them (plus `--nacos-cache-dir`, which only the server takes). */
export interface StorageFlags {
  storage: string;
  fileRootDir?: string;
  nacosServer?: string;
  nacosUsername?: string;
  nacosPassword?: string;
  nacosNsId: string;
  nacosCacheDir?: string;
}

/** `memory, file or nacos`. */
function spelled(types: readonly StorageType[]): string {
  return types.length < 2 ? types.join('') : `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`;
}

export function addStorageFlags(command: Command, types: readonly StorageType[]): Command {
  return command
    .option('--storage <type>', `storage backend: ${spelled(types)}`, 'file')
    .option('--file-root-dir <dir>', 'root directory of the file storage')
    .option('--nacos-server <url>', 'Nacos server address, e.g. http://nacos:8848')
    .option('--nacos-username <name>', 'Nacos user name')
    .option('--nacos-password <password>', 'Nacos password')
    .option('--nacos-ns-id <id>', 'Nacos namespace (tenant) id', 'higress-system');
}

/** The storage config of the flags; a missing or unknown value throws `fail(message)`. */
export function storageConfigOf(
  flags: StorageFlags,
  types: readonly StorageType[],
  encryption: EncryptionFiles,
  fail: (message: string) => Error,
): StorageConfig {
  const type = types.find((t) => t === flags.storage);
  switch (type) {
    case 'memory':
      return { type: 'memory' };
    case 'file':
      if (!flags.fileRootDir) throw fail('--storage file needs --file-root-dir <dir>');
      return { type: 'file', rootDir: flags.fileRootDir, ...encryption };
    case 'nacos':
      if (!flags.nacosServer) throw fail('--storage nacos needs --nacos-server <url>');
      return {
        type: 'nacos',
        server: flags.nacosServer,
        username: flags.nacosUsername,
        password: flags.nacosPassword,
        namespaceId: flags.nacosNsId,
        ...(flags.nacosCacheDir === undefined ? {} : { cacheDir: flags.nacosCacheDir }),
        ...encryption,
      };
    default:
      throw fail(`--storage must be ${spelled(types)}, not "${flags.storage}"`);
  }
}
