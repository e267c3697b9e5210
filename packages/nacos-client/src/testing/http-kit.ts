/** Request/response helpers shared by the Nacos test server's handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Req {
  method: string;
  /** Path below the `/nacos` context path. */
  path: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: IncomingMessage;
  /** The form body was larger than the form limit and, as Tomcat does, not parsed at all. */
  formDropped: boolean;
}

/** Tomcat's maxPostSize as Spring Boot sets it (`server.tomcat.max-http-form-post-size`, 2 MB). */
export const FORM_BODY_LIMIT = 2 * 1024 * 1024;

export type Reply = ServerResponse;

export function header(req: Req, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function param(req: Req, name: string): string | undefined {
  return req.params.get(name) ?? undefined;
}

export function send(res: Reply, status: number, body: string, contentType = 'text/plain;charset=UTF-8') {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: Reply, status: number, value: unknown) {
  send(res, status, JSON.stringify(value), 'application/json;charset=UTF-8');
}

/** v1 error body, as alibaba/nacos config GlobalExceptionHandler renders it. */
export function v1Error(res: Reply, status: number, message: string) {
  send(res, status, `caused: ${message};`);
}

/** v2/v3 `Result` JSON (NacosApiExceptionHandler). */
export function result(res: Reply, data: unknown, status = 200, code = 0, message = 'success') {
  sendJson(res, status, { code, message, data });
}

export const ERR = {
  parameterMissing: { code: 10000, message: 'parameter missing' },
  parameterValidate: { code: 10001, message: 'parameter validate error' },
  notFound: { code: 20004, message: 'resource not found' },
  conflict: { code: 20005, message: 'resource conflict' },
  deprecated: { code: 21006, message: 'api deprecated' },
  illegalNamespace: { code: 22001, message: 'illegal namespace' },
} as const;

export function resultError(
  res: Reply,
  status: number,
  err: { code: number; message: string },
  data: unknown,
) {
  result(res, data, status, err.code, err.message);
}

export async function readRequest(
  raw: IncomingMessage,
  contextPath: string,
  formLimit = FORM_BODY_LIMIT,
): Promise<Req | undefined> {
  const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== contextPath && !url.pathname.startsWith(`${contextPath}/`)) return undefined;
  const params = new URLSearchParams(url.search);
  const chunks: Buffer[] = [];
  for await (const c of raw) chunks.push(c as Buffer);
  const type = raw.headers['content-type'] ?? '';
  const body = Buffer.concat(chunks);
  const form = body.length > 0 && type.startsWith('application/x-www-form-urlencoded');
  const formDropped = form && body.length > formLimit;
  if (form && !formDropped) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
  }
  return {
    method: raw.method ?? 'GET',
    path: url.pathname.slice(contextPath.length) || '/',
    params,
    headers: raw.headers,
    raw,
    formDropped,
  };
}
