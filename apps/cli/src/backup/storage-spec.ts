/**
 * Storage specs on the command line: `memory:`, `file:<dir>` or `nacos:<url>`, where the Nacos
 * URL is the API server's `--nacos-server` with optional `user:password@` and the query parameter
 * `ns-id` (`--nacos-ns-id`, default higress-system). Key files keep the API server's flag names
 * (`--encryption-key-file`, `--nacos-encryption-key-file`), so a storage opens here exactly as the
 * API server opens it, through the same factory.
 */
import { isAbsolute, resolve } from 'node:path';
import { type StorageConfig, storageFromConfig } from '@hs/apiserver';
import { type ObjectEndpoint, storageEndpoint } from '@hs/backup';
import { registry } from '@hs/resources';

export interface KeyFiles {
  encryptionKeyFile?: string | undefined;
  nacosEncryptionKeyFile?: string | undefined;
}

export interface ParsedSpec {
  config: StorageConfig;
  /** The spec without credentials, for messages and the manifest. */
  description: string;
}

export class StorageSpecError extends Error {
  override readonly name = 'StorageSpecError';
}

const EXAMPLES = 'memory:, file:<dir> or nacos:http://[user:password@]host:8848[?ns-id=<namespace>]';

export function parseStorageSpec(spec: string, keys: KeyFiles, cwd: string): ParsedSpec {
  const colon = spec.indexOf(':');
  const type = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  const encryption = {
    ...(keys.encryptionKeyFile ? { encryptionKeyFile: resolve(cwd, keys.encryptionKeyFile) } : {}),
    ...(keys.nacosEncryptionKeyFile
      ? { legacyEncryptionKeyFile: resolve(cwd, keys.nacosEncryptionKeyFile) }
      : {}),
  };
  switch (type) {
    case 'memory':
      return { config: { type: 'memory' }, description: 'memory:' };
    case 'file': {
      if (!rest) throw new StorageSpecError(`storage "${spec}" names no directory: use file:<dir>`);
      const rootDir = isAbsolute(rest) ? rest : resolve(cwd, rest);
      return { config: { type: 'file', rootDir, ...encryption }, description: `file:${rootDir}` };
    }
    case 'nacos': {
      let url: URL;
      try {
        url = new URL(rest);
      } catch {
        throw new StorageSpecError(`storage "${spec}" has no valid Nacos URL: use ${EXAMPLES}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new StorageSpecError(`storage "${spec}": the Nacos URL must be http: or https:`);
      const namespaceId = url.searchParams.get('ns-id') || 'higress-system';
      const username = url.username ? decodeURIComponent(url.username) : undefined;
      const password = url.password ? decodeURIComponent(url.password) : undefined;
      const server = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
      return {
        config: { type: 'nacos', server, namespaceId, username, password, ...encryption },
        description: `nacos:${server}?ns-id=${namespaceId}`,
      };
    }
    default:
      throw new StorageSpecError(`unknown storage "${spec}": use ${EXAMPLES}`);
  }
}

/** Opens the storage as the API server would, with every registry kind served. */
export async function openStorage(spec: ParsedSpec): Promise<ObjectEndpoint> {
  const storage = await storageFromConfig(spec.config, registry);
  return storageEndpoint(storage, spec.description);
}
