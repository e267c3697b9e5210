/**
 * Config endpoints of the Nacos test server: v1 (`/v1/cs/configs`, ConfigController in
 * alibaba/nacos 2.5.1) and the v3 admin/client API (ConfigControllerV3, ConfigOpenApiController).
 */
import type { ConfigState, Row } from './config-state.js';
import { rowKey } from './config-state.js';
import {
  ERR,
  header,
  param,
  type Reply,
  type Req,
  result,
  resultError,
  send,
  sendJson,
  v1Error,
} from './http-kit.js';
import { checkPublish, contentTypeFor, likeArgument, likeMatcher, normalizeType } from './validation.js';

export interface ConfigHandlerOptions {
  state: ConfigState;
  /** Honour the casMd5 header (false models 2.0–2.2, which silently ignore it). */
  cas: boolean;
  maxContent: number;
  searchOrder: 'id' | 'shuffle';
  /** Maps the tenant of publish/GET requests ('' ↔ public quirks differ by major version). */
  normalizeTenant: (tenant: string | undefined) => string;
  /** Answers the next N cache reads with 409 "being modified". */
  conflictBudget: { remaining: number };
  /**
   * 3.x v1 publish catches the NacosException of a failed CAS, sets its code (500) as the status
   * and answers the controller's `false` (measured on 3.1.0); 2.x answers `caused: <msg>;`.
   */
  v1CasFailAsFalse: boolean;
}

const CAS_FAIL = 'Cas publish fail, server md5 may have changed.';

type PublishOutcome = { ok: true } | { ok: false; status: number; message: string; conflict?: boolean };

function publish(o: ConfigHandlerOptions, req: Req, tenant: string, group: string): PublishOutcome {
  const dataId = (param(req, 'dataId') ?? '').trim();
  const content = param(req, 'content');
  const bad = checkPublish(
    { dataId, group, tenant, content, desc: param(req, 'desc'), tag: param(req, 'tag') },
    o.maxContent,
  );
  if (bad) return { ok: false, ...bad };
  const casMd5 = header(req, 'casMd5');
  const existing = o.state.rows.get(rowKey(tenant, group, dataId));
  if (o.cas && casMd5 !== undefined && existing && existing.md5 !== casMd5) {
    return { ok: false, status: 500, message: CAS_FAIL, conflict: true };
  }
  o.state.upsert(tenant, group, dataId, {
    content: content!,
    type: normalizeType(param(req, 'type')),
    appName: param(req, 'appName') ?? '',
    desc: param(req, 'desc') ?? '',
  });
  return { ok: true };
}

function search(o: ConfigHandlerOptions, tenant: string, group: string, dataId: string, mode: string): Row[] {
  let rows = [...o.state.rows.values()];
  if (mode === 'blur') {
    const t = likeMatcher(likeArgument(tenant));
    const g = group ? likeMatcher(likeArgument(group)) : () => true;
    const d = dataId ? likeMatcher(likeArgument(dataId)) : () => true;
    rows = rows.filter((r) => t(r.tenant) && g(r.group) && d(r.dataId));
  } else {
    rows = rows.filter(
      (r) => r.tenant === tenant && (!group || r.group === group) && (!dataId || r.dataId === dataId),
    );
  }
  if (o.searchOrder === 'id') return rows.sort((a, b) => a.id - b.id);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

function page<T>(items: T[], pageNo: number, pageSize: number) {
  const pagesAvailable = Math.ceil(items.length / pageSize);
  return {
    totalCount: items.length,
    pageNumber: pageNo,
    pagesAvailable,
    pageItems: items.slice((pageNo - 1) * pageSize, pageNo * pageSize),
  };
}

function allInfo(r: Row) {
  return {
    id: String(r.id),
    dataId: r.dataId,
    group: r.group,
    content: r.content,
    md5: r.md5,
    tenant: r.tenant,
    appName: r.appName,
    type: r.type,
    createTime: r.createTime,
    modifyTime: r.modifyTime,
    createUser: null,
    createIp: '127.0.0.1',
    desc: r.desc,
    use: null,
    effect: null,
    schema: null,
    configTags: null,
    encryptedDataKey: '',
  };
}

/** `GET|POST|DELETE /v1/cs/configs`; `consoleEnabled` false answers the console-only reads with 410. */
export function v1Configs(
  o: ConfigHandlerOptions,
  req: Req,
  res: Reply,
  deprecated: () => void,
  consoleEnabled: boolean,
) {
  const group = param(req, 'group') ?? '';
  const dataId = param(req, 'dataId') ?? '';
  if (req.method === 'POST') {
    const out = publish(o, req, o.normalizeTenant(param(req, 'tenant')), group);
    if (out.ok) return send(res, 200, 'true', 'application/json;charset=UTF-8');
    if (out.conflict && o.v1CasFailAsFalse) return send(res, 500, 'false', 'application/json;charset=UTF-8');
    return v1Error(res, out.status, out.message);
  }
  if (req.method === 'DELETE') {
    // 2.5.1 delete does not normalize the tenant (nacos-protocol.md §1.1).
    o.state.remove(param(req, 'tenant') ?? '', group, dataId);
    return send(res, 200, 'true', 'application/json;charset=UTF-8');
  }
  const mode = param(req, 'search');
  if (mode !== undefined || param(req, 'show') === 'all') {
    if (!consoleEnabled) return deprecated();
    if (param(req, 'show') === 'all') {
      const row = o.state.rows.get(rowKey(o.normalizeTenant(param(req, 'tenant')), group, dataId));
      return row ? sendJson(res, 200, allInfo(row)) : send(res, 200, '', 'application/json;charset=UTF-8');
    }
    for (const name of ['dataId', 'group', 'pageNo', 'pageSize']) {
      if (param(req, name) === undefined) {
        return v1Error(
          res,
          400,
          `Required request parameter '${name}' for method parameter type String is not present`,
        );
      }
    }
    const pageNo = Number(param(req, 'pageNo'));
    const pageSize = Number(param(req, 'pageSize'));
    if (!(pageNo > 0 && pageSize > 0)) return v1Error(res, 400, 'pageNo and pageSize must be positive');
    const rows = search(o, param(req, 'tenant') ?? '', group, dataId, mode === 'blur' ? 'blur' : 'accurate');
    const items = rows.map((r) => ({
      id: String(r.id),
      dataId: r.dataId,
      group: r.group,
      content: r.content,
      md5: null,
      encryptedDataKey: '',
      tenant: r.tenant,
      appName: r.appName,
      type: r.type,
    }));
    return sendJson(res, 200, page(items, pageNo, pageSize));
  }
  if (o.conflictBudget.remaining > 0) {
    o.conflictBudget.remaining--;
    return send(res, 409, 'requested file is being modified, please try later.');
  }
  const entry = o.state.cache.get(rowKey(o.normalizeTenant(param(req, 'tenant')), group, dataId));
  if (!entry) return send(res, 404, 'config data not exist\n');
  res.writeHead(200, {
    'Content-MD5': entry.md5,
    'Config-Type': entry.type,
    'Content-Type': contentTypeFor(entry.type),
    'Last-Modified': new Date(entry.modifyTime).toUTCString(),
    'Cache-Control': 'no-cache,no-store',
    Pragma: 'no-cache',
    Expires: new Date(0).toUTCString(),
  });
  res.end(entry.content);
}

function v3Key(o: ConfigHandlerOptions, req: Req) {
  return {
    tenant: o.normalizeTenant(param(req, 'namespaceId')),
    group: param(req, 'groupName') ?? '',
    dataId: param(req, 'dataId') ?? '',
  };
}

/** `GET|POST|DELETE /v3/admin/cs/config`: reads and writes the database. */
export function v3AdminConfig(o: ConfigHandlerOptions, req: Req, res: Reply) {
  const k = v3Key(o, req);
  if (!k.dataId || !k.group)
    return resultError(res, 400, ERR.parameterMissing, 'dataId and groupName are required');
  if (req.method === 'POST') {
    const out = publish(o, req, k.tenant, k.group);
    if (out.ok) return result(res, true);
    return resultError(res, out.status, out.conflict ? ERR.conflict : ERR.parameterValidate, out.message);
  }
  if (req.method === 'DELETE') {
    o.state.remove(k.tenant, k.group, k.dataId);
    return result(res, true);
  }
  const row = o.state.rows.get(rowKey(k.tenant, k.group, k.dataId));
  if (!row) return resultError(res, 404, ERR.notFound, 'config data not exist');
  const { group, tenant, ...rest } = allInfo(row);
  return result(res, { ...rest, groupName: group, namespaceId: tenant });
}

/** `GET /v3/admin/cs/config/list`: `ConfigBasicInfo` pages, without content. */
export function v3AdminList(o: ConfigHandlerOptions, req: Req, res: Reply) {
  const k = v3Key(o, req);
  const pageNo = Number(param(req, 'pageNo') ?? '1');
  const pageSize = Number(param(req, 'pageSize') ?? '100');
  if (!(pageNo > 0 && pageSize > 0)) return resultError(res, 400, ERR.parameterValidate, 'bad paging');
  const rows = search(o, k.tenant, k.group, k.dataId, param(req, 'search') === 'blur' ? 'blur' : 'accurate');
  const items = rows.map((r) => ({
    id: r.id,
    namespaceId: r.tenant,
    groupName: r.group,
    dataId: r.dataId,
    md5: r.md5,
    type: r.type,
    appName: r.appName,
    createTime: r.createTime,
    modifyTime: r.modifyTime,
  }));
  return result(res, page(items, pageNo, pageSize));
}

/** `GET /v3/client/cs/config`: the node cache, like v1 GET. */
export function v3ClientConfig(o: ConfigHandlerOptions, req: Req, res: Reply) {
  const k = v3Key(o, req);
  const entry = o.state.cache.get(rowKey(k.tenant, k.group, k.dataId));
  if (!entry) return resultError(res, 404, ERR.notFound, 'config data not exist');
  return result(res, {
    content: entry.content,
    md5: entry.md5,
    contentType: entry.type,
    lastModified: entry.modifyTime,
    encryptedDataKey: '',
  });
}
