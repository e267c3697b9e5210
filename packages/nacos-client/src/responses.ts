/** Interpreting Nacos answers: v1 text, v2/v3 `Result` JSON, detail records and error statuses. */
import { NacosError } from './errors.js';
import { contentMd5 } from './md5.js';
import { parseJsonSliced } from './sliced-json.js';
import type { TransportResponse } from './transport.js';
import type { ConfigItem, ConfigKey } from './types.js';

export function isNotFound(res: TransportResponse): boolean {
  return res.status === 404 || (res.status === 200 && safeJson(res.body)?.code === 20004);
}

export function safeJson(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function parseJson(operation: string, res: TransportResponse, path: string): unknown {
  try {
    return JSON.parse(res.body);
  } catch (cause) {
    throw nonJson(operation, res, path, cause);
  }
}

/** parseJson for an answer that may be tens of MB: its `arrayKey` array is parsed in slices. */
export async function parseLargeJson(
  operation: string,
  res: TransportResponse,
  path: string,
  arrayKey: string,
): Promise<unknown> {
  try {
    return await parseJsonSliced(res.body, arrayKey);
  } catch (cause) {
    throw nonJson(operation, res, path, cause);
  }
}

function nonJson(operation: string, res: TransportResponse, path: string, cause: unknown): NacosError {
  return new NacosError('Server', operation, `${path} answered non-JSON: ${res.body.slice(0, 200)}`, {
    status: res.status,
    path,
    body: res.body,
    cause,
  });
}

/** The `data` of a v2/v3 `Result` (code 0, or 200 on some 3.x APIs). */
export function resultData(operation: string, res: TransportResponse, path: string): unknown {
  if (res.status !== 200) throw httpError(operation, path, res);
  return dataOf(operation, res, path, parseJson(operation, res, path));
}

/** resultData for a large answer (see parseLargeJson). */
export async function largeResultData(
  operation: string,
  res: TransportResponse,
  path: string,
  arrayKey: string,
): Promise<unknown> {
  if (res.status !== 200) throw httpError(operation, path, res);
  return dataOf(operation, res, path, await parseLargeJson(operation, res, path, arrayKey));
}

function dataOf(operation: string, res: TransportResponse, path: string, parsed: unknown): unknown {
  const rec = parsed as { code?: unknown; data?: unknown; message?: unknown };
  if (rec.code !== 0 && rec.code !== 200) throw httpError(operation, path, res);
  return rec.data;
}

export function httpError(operation: string, path: string, res: TransportResponse): NacosError {
  const s = res.status;
  const kind =
    s === 400
      ? 'BadRequest'
      : s === 401 || s === 403
        ? 'Forbidden'
        : s === 404 || s === 410
          ? 'Unsupported'
          : 'Server';
  const hint =
    s === 410
      ? ' (endpoint switched off: Nacos 3.0/3.1 need nacos.core.api.compatibility.console.enabled=true or the v3 admin API)'
      : s === 404
        ? ' (endpoint missing: Nacos 3.2+ dropped the v1 API)'
        : '';
  return new NacosError(kind, operation, `HTTP ${s} from ${path}: ${res.body.trim().slice(0, 300)}${hint}`, {
    status: s,
    path,
    body: res.body,
    retryable: s === 409 || s === 502 || s === 503 || s === 504,
  });
}

export function detailToItem(key: ConfigKey, data: unknown): ConfigItem | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (typeof d.content !== 'string') return undefined;
  const time = d.modifyTime ?? d.lastModified;
  return {
    key,
    content: d.content,
    md5: typeof d.md5 === 'string' && d.md5 ? d.md5 : contentMd5(d.content),
    type: typeof d.type === 'string' ? d.type : 'text',
    id: d.id === undefined || d.id === null ? undefined : String(d.id),
    appName: typeof d.appName === 'string' ? d.appName : undefined,
    lastModified: typeof time === 'number' ? time : undefined,
  };
}
