/**
 * Static token file authentication (--token-auth-file), following
 * k8s.io/apiserver/pkg/authentication/token/tokenfile/tokenfile.go: CSV records
 * `token,user,uid[,"group1,group2"]`; at least three columns; records with an empty token are
 * skipped; a later duplicate token replaces an earlier one; groups are the 4th column split on ",".
 * Unknown tokens get no opinion (the bearer-token layer turns that into "invalid bearer token").
 * Tokens are kept only as SHA-256 digests so a lookup leaks no timing about the token bytes.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { parseCsv } from './csv.js';
import type { TokenAuthenticator, UserInfo } from './types.js';

export interface TokenFileEntry {
  token: string;
  user: UserInfo;
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64');

/** Parses token file text; throws with a message naming the file (never a token) on bad input. */
export function parseTokenFile(text: string, source = 'token file'): TokenFileEntry[] {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (err) {
    throw new Error(`token file '${source}': ${(err as Error).message}`);
  }
  const entries: TokenFileEntry[] = [];
  for (const record of records) {
    if (record.length < 3) {
      throw new Error(
        `token file '${source}' must have at least 3 columns (token, user name, user uid), found ${record.length}`,
      );
    }
    const [token, username, uid, groups] = record as [string, string, string, string | undefined];
    if (token === '') continue;
    entries.push({
      token,
      user: { username, uid, groups: groups === undefined ? [] : groups.split(',') },
    });
  }
  return entries;
}

export interface TokenFileAuthenticatorOptions {
  /**
   * How often (ms) the file's mtime is checked on use; a changed file is re-read. 0 checks on every
   * call. Default 5000. A file that fails to parse on reload keeps the previous tokens.
   */
  reloadCheckIntervalMs?: number;
}

export interface ReloadingTokenAuthenticator extends TokenAuthenticator {
  /** Number of tokens currently loaded. */
  size(): number;
}

/** Loads `path` (throws if missing or malformed) and authenticates its tokens. */
export async function tokenFileAuthenticator(
  path: string,
  options: TokenFileAuthenticatorOptions = {},
): Promise<ReloadingTokenAuthenticator> {
  const interval = options.reloadCheckIntervalMs ?? 5000;
  const load = async () => {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const tokens = new Map<string, UserInfo>();
    for (const e of parseTokenFile(text, path)) tokens.set(digest(e.token), e.user);
    return { tokens, mtimeMs: info.mtimeMs, size: info.size };
  };
  let state = await load();
  let lastCheck = Date.now();

  const maybeReload = async () => {
    const now = Date.now();
    if (now - lastCheck < interval) return;
    lastCheck = now;
    try {
      const info = await stat(path);
      if (info.mtimeMs !== state.mtimeMs || info.size !== state.size) state = await load();
    } catch {
      // keep serving the last good tokens; the file may be mid-rewrite
    }
  };

  return {
    size: () => state.tokens.size,
    async authenticateToken(token) {
      await maybeReload();
      const user = state.tokens.get(digest(token));
      if (!user) return undefined;
      return {
        user: { ...user, groups: [...user.groups] },
        audiences: [],
      };
    },
  };
}
