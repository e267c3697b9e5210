/**
 * Request attributes from method + URL, following k8s.io/apiserver/pkg/endpoints/request/
 * requestinfo.go (RequestInfoFactory.NewRequestInfo) with API prefixes `api` and `apis`:
 * - `/api/v1/...` (core) and `/apis/<group>/<version>/...` are resource requests, anything else
 *   (and the discovery paths `/api`, `/api/v1`, `/apis/<group>`) is a non-resource request with the
 *   lower-cased method as verb;
 * - the legacy `/watch/` segment makes the verb `watch`; `proxy` likewise;
 * - GET without a name is `list`, or `watch` with `watch=true`; DELETE without a name is
 *   `deletecollection`; a `fieldSelector` of `metadata.name=<n>` names the object for list/watch;
 * - `/namespaces/<ns>/<resource>/...` sets the namespace; `/namespaces/<ns>/status|finalize` is the
 *   namespace's own subresource; a third part after the name is the subresource.
 */
import type { UserInfo } from '../authn/types.js';
import type { Attributes } from './types.js';

export interface RequestInfo extends Omit<Attributes, 'user'> {
  apiPrefix: string;
  apiVersion: string;
  /** Remaining path parts from the resource on (`resource/name/subresource/...`). */
  parts: string[];
}

const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Go strconv.ParseBool. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** Upstream path.IsValidPathSegmentName. */
const validPathSegment = (s: string) => s !== '.' && s !== '..' && !s.includes('/') && !s.includes('%');

/** `metadata.name` required by a field selector (`metadata.name=x` or `==`), as RequiresExactMatch. */
function nameFromFieldSelector(selector: string): string | undefined {
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*(==|=)\s*(.*?)\s*$/.exec(term);
    if (m) return m[2];
  }
  return undefined;
}

/** Go's URL.Path is the unescaped path; malformed escapes are kept as they are. */
function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

type Query = URLSearchParams | Record<string, string | string[] | undefined> | undefined;

function queryGet(query: Query, key: string): string | undefined {
  if (!query) return undefined;
  if (query instanceof URLSearchParams) return query.get(key) ?? undefined;
  const v = query[key];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * `url` may carry a query string; `query` (URLSearchParams or a parsed object, e.g. Fastify's
 * `request.query`) overrides it when given.
 */
export function requestInfo(method: string, url: string, query?: Query): RequestInfo {
  const qIndex = url.indexOf('?');
  const path = decodePath(qIndex === -1 ? url : url.slice(0, qIndex));
  const q: Query = query ?? (qIndex === -1 ? undefined : new URLSearchParams(url.slice(qIndex + 1)));
  const info: RequestInfo = {
    resourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  let parts = path.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length === 1 && parts[0] === '') parts = [];
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info;
  info.apiPrefix = parts[0]!;
  parts = parts.slice(1);
  if (info.apiPrefix === 'apis') {
    if (parts.length < 3) return info;
    info.apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  info.resourceRequest = true;
  info.apiVersion = parts[0]!;
  parts = parts.slice(1);

  if (SPECIAL_VERBS.has(parts[0]!)) {
    if (parts.length < 2) {
      // upstream: "unable to determine kind and namespace from url"; keep it a non-resource request
      return { ...info, resourceRequest: false, apiGroup: '', apiVersion: '', apiPrefix: '' };
    }
    info.verb = parts[0]!;
    parts = parts.slice(1);
  } else {
    info.verb = METHOD_VERBS[method.toUpperCase()] ?? '';
  }

  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1]!;
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(info.verb)) info.subresource = parts[2]!;
  if (parts.length >= 2) info.name = parts[1]!;
  if (parts.length >= 1) info.resource = parts[0]!;

  if (info.name === '' && info.verb === 'get') {
    const watch = queryGet(q, 'watch');
    let isWatch = false;
    if (watch !== undefined) {
      const b = parseBool(watch);
      isWatch = b ?? !['false', '0'].includes(watch.toLowerCase());
    }
    info.verb = isWatch ? 'watch' : 'list';
    const fieldSelector = queryGet(q, 'fieldSelector');
    if (fieldSelector) {
      const name = nameFromFieldSelector(fieldSelector);
      if (name && validPathSegment(name)) info.name = name;
    }
  }
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}

/** Authorization attributes of a request made by `user`. */
export function requestAttributes(
  method: string,
  url: string,
  query?: Query,
  user: UserInfo = { username: '', groups: [] },
): Attributes {
  const { apiPrefix: _p, parts: _parts, ...attrs } = requestInfo(method, url, query);
  return { ...attrs, user };
}
