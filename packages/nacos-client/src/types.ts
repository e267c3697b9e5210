/** Addresses one config: v1 `tenant` / `group` / `dataId` (v3 calls them namespaceId / groupName / dataId). */
export interface ConfigKey {
  tenant: string;
  group: string;
  dataId: string;
}

/** A config as read from the node cache (GET) or the database (detail / search). */
export interface ConfigItem {
  key: ConfigKey;
  content: string;
  /** Lowercase hex md5 of the UTF-8 content (computed locally where the server omits it). */
  md5: string;
  type: string;
  /** The database row id when the read returns it (changes on delete + recreate). */
  id?: string | undefined;
  appName?: string | undefined;
  lastModified?: number | undefined;
}

export interface PublishOptions {
  /** Nacos config type; defaults to `yaml` (sent on every publish, updates overwrite it). */
  type?: string;
  /** Update only if the stored md5 is this one (server ≥ 2.3.0); throws `Conflict` otherwise. */
  casMd5?: string;
  /** Insert only: fails with `Conflict` if the key exists (a casMd5 that never equals a real md5). */
  createOnly?: boolean;
  appName?: string;
  desc?: string;
}

/**
 * The compare-and-set of a write that replaces what its writer last saw: the entry with `md5`, or
 * no entry at all when `md5` is undefined (create-only).
 */
export function casAt(md5: string | undefined): Pick<PublishOptions, 'casMd5' | 'createOnly'> {
  return md5 === undefined ? { createOnly: true } : { casMd5: md5 };
}

export interface SearchOptions {
  tenant: string;
  /** Exact group (accurate) or pattern (blur); '' = any. */
  group?: string;
  /** Exact dataId (accurate) or pattern with `*` (blur); '' = any. */
  dataId?: string;
  mode?: 'accurate' | 'blur';
  pageSize?: number;
  /**
   * Content the caller already holds for a config with this md5, if any. On 3.x, where the list has
   * md5 but no content, a hit saves the per-item database read.
   */
  known?: (key: ConfigKey, md5: string) => string | undefined;
}

export interface NamespaceInfo {
  namespace: string;
  namespaceShowName: string;
  namespaceDesc?: string | undefined;
  type: number;
  configCount?: number | undefined;
}

export interface ServerInfo {
  version: string;
  /** Which HTTP API family serves config reads/writes, console reads and change notification. */
  api: ServerApi;
  raw: Record<string, unknown>;
}

export interface ServerApi {
  /** v1 get/publish/delete/listener/login (absent from 3.2 without the legacy adapter). */
  v1Config: boolean;
  /** v1 search, show=all, namespaces, console health (switched off by default in 3.0/3.1). */
  v1Console: boolean;
  /** The v3 admin API (3.0+). */
  v3Admin: boolean;
}
