/**
 * Database reads and administration: paged search, namespaces and health, on the v1 console API
 * (2.x) or the v3 admin API (3.x), per nacos-protocol.md §1.6, §1.9 and §1.10.
 */
import type { NacosClient } from './client.js';
import { isNacosError, NacosError } from './errors.js';
import { contentMd5 } from './md5.js';
import { httpError, largeResultData, parseLargeJson, resultData } from './responses.js';
import type { ConfigItem, ConfigKey, NamespaceInfo, SearchOptions } from './types.js';

interface Page {
  totalCount?: unknown;
  pagesAvailable?: unknown;
  pageItems?: unknown;
}

function pageOf(operation: string, data: unknown): { items: Array<Record<string, unknown>>; total: number } {
  const page = (data ?? {}) as Page;
  if (!Array.isArray(page.pageItems))
    throw new NacosError('Server', operation, 'search answer has no pageItems');
  return {
    items: page.pageItems.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null),
    total: typeof page.totalCount === 'number' ? page.totalCount : 0,
  };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * Every config matching `opts`, with content and a locally computed md5. Nacos pages have no
 * defined order (no ORDER BY in ConfigInfoMapper), so paging can skip or repeat rows: the search
 * asks for one page and, when `totalCount` says there is more, asks again for everything in a single
 * page (2.x has no maximum pageSize). On 3.x the list has no content and each item is read in full
 * (N+1 requests). Blur patterns use SQL LIKE (`_` matches any character): callers filter exactly.
 */
export async function* searchConfigs(client: NacosClient, opts: SearchOptions): AsyncGenerator<ConfigItem> {
  const mode = opts.mode ?? 'accurate';
  const v1 = client.api.v1Console;
  const path = v1 ? '/v1/cs/configs' : '/v3/admin/cs/config/list';
  const operation = `search ${opts.tenant}/${opts.group ?? ''}/${opts.dataId ?? ''}`;
  const query = v1
    ? { search: mode, tenant: opts.tenant, group: opts.group ?? '', dataId: opts.dataId ?? '' }
    : { search: mode, namespaceId: opts.tenant, groupName: opts.group ?? '', dataId: opts.dataId ?? '' };
  let pageSize = opts.pageSize ?? 500;
  let items: Array<Record<string, unknown>>;
  for (;;) {
    const res = await client.call({
      operation,
      method: 'GET',
      path,
      query: { ...query, pageNo: '1', pageSize: String(pageSize) },
      retry: 'idempotent',
    });
    // One page with every config: tens of MB at 100k objects, parsed in slices.
    let data: unknown;
    if (v1) {
      if (res.status !== 200) throw httpError(operation, path, res);
      data = await parseLargeJson(operation, res, path, 'pageItems');
    } else data = await largeResultData(operation, res, path, 'pageItems');
    const page = pageOf(operation, data);
    items = page.items;
    if (page.total <= items.length) break;
    pageSize = page.total + 100;
  }
  const seen = new Set<string>();
  // 3.x lists carry no content: each item is read with its own GET, READ_AHEAD of them in flight,
  // yielded in list order.
  const pending: Promise<ConfigItem | undefined>[] = [];
  for (const raw of items) {
    const key: ConfigKey = {
      tenant: opts.tenant,
      group: str(raw.group ?? raw.groupName),
      dataId: str(raw.dataId),
    };
    const id = `${key.group}\x02${key.dataId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (v1) {
      const content = str(raw.content);
      yield {
        key,
        content,
        md5: contentMd5(content),
        type: str(raw.type) || 'text',
        id: String(raw.id ?? ''),
      };
      continue;
    }
    const md5 = str(raw.md5);
    const content = md5 ? opts.known?.(key, md5) : undefined;
    const item: ConfigItem | undefined =
      content === undefined
        ? undefined
        : { key, content, md5, type: str(raw.type) || 'text', id: String(raw.id ?? '') };
    const read = item ? Promise.resolve(item) : client.getDetail(key);
    // A failed read surfaces when its turn comes, not as an unhandled rejection before.
    read.catch(() => undefined);
    pending.push(read);
    if (pending.length >= READ_AHEAD) {
      const next = await pending.shift()!;
      if (next) yield next;
    }
  }
  for (const read of pending) {
    const next = await read;
    if (next) yield next;
  }
}

/** Per-object GETs of a 3.x search in flight at once. */
const READ_AHEAD = 16;

export async function listNamespaces(client: NacosClient): Promise<NamespaceInfo[]> {
  const operation = 'list namespaces';
  const v1 = client.api.v1Console;
  const path = v1 ? '/v1/console/namespaces' : '/v3/admin/core/namespace/list';
  const res = await client.call({ operation, method: 'GET', path, retry: 'idempotent' });
  const data = resultData(operation, res, path);
  if (!Array.isArray(data)) throw new NacosError('Server', operation, 'namespace list is not an array');
  return data.map((n: Record<string, unknown>) => ({
    namespace: str(n.namespace),
    namespaceShowName: str(n.namespaceShowName),
    namespaceDesc: typeof n.namespaceDesc === 'string' ? n.namespaceDesc : undefined,
    type: typeof n.type === 'number' ? n.type : 2,
    configCount: typeof n.configCount === 'number' ? n.configCount : undefined,
  }));
}

/** Creates a namespace; returns false when it exists already. Throws on an invalid id. */
export async function createNamespace(
  client: NacosClient,
  id: string,
  name: string,
  desc = '',
): Promise<boolean> {
  const operation = `create namespace ${id}`;
  if (!/^[\w-]+$/.test(id) || id.length > 128) {
    throw new NacosError(
      'BadRequest',
      operation,
      'namespace ids are ASCII letters, digits, _ and -, at most 128',
    );
  }
  const existing = await listNamespaces(client);
  if (existing.some((n) => n.namespace === id)) return false;
  const v1 = client.api.v1Console;
  const path = v1 ? '/v1/console/namespaces' : '/v3/admin/core/namespace';
  const form = v1
    ? { customNamespaceId: id, namespaceName: name, namespaceDesc: desc }
    : { namespaceId: id, namespaceName: name, namespaceDesc: desc };
  const res = await client.call({ operation, method: 'POST', path, form, retry: 'unsent' });
  const ok = v1
    ? res.status === 200
      ? res.body.trim() === 'true'
      : undefined
    : resultData(operation, res, path);
  if (ok === undefined) throw httpError(operation, path, res);
  if (ok !== true)
    throw new NacosError('BadRequest', operation, `the server refused the namespace: ${res.body}`);
  return true;
}

/**
 * Readiness: undefined when ready, else the reason (unreachable, not ready, …). Refused credentials
 * (the request logs in first) are no readiness state: that NacosError `Forbidden` is thrown.
 */
export async function checkHealth(client: NacosClient): Promise<string | undefined> {
  const v1 = client.api.v1Console;
  const path = v1 ? '/v1/console/health/readiness' : '/v3/admin/core/state/readiness';
  try {
    const res = await client.call({ operation: 'check readiness', method: 'GET', path, retry: 'unsent' });
    if (res.status === 200) return undefined;
    return `Nacos not ready: HTTP ${res.status} ${res.body.trim().slice(0, 200)}`;
  } catch (err) {
    if (isNacosError(err, 'Forbidden')) throw err;
    return err instanceof Error ? err.message : String(err);
  }
}
