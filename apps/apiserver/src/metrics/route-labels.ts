/**
 * The request labels of kube-apiserver's endpoint metrics, derived from the Fastify route pattern
 * (`/apis/networking.k8s.io/v1/namespaces/:namespace/ingresses/:name/status`) instead of the raw
 * URL, so the label sets stay bounded whatever paths clients ask for. The verb, scope and dry-run
 * rules follow k8s.io/apiserver/pkg/endpoints/metrics/metrics.go (CanonicalVerb, CleanVerb,
 * CleanScope, cleanDryRun).
 */

/** What the route pattern says; identical for every request of the route. */
export interface RouteLabels {
  group: string;
  version: string;
  resource: string;
  subresource: string;
  /** True for /api and /apis paths that name a resource. */
  resourceRequest: boolean;
  named: boolean;
  namespaced: boolean;
}

const NON_RESOURCE: RouteLabels = {
  group: '',
  version: '',
  resource: '',
  subresource: '',
  resourceRequest: false,
  named: false,
  namespaced: false,
};

/** Parses a route pattern; anything that is not a resource path is a non-resource request. */
export function routeLabels(pattern: string | undefined): RouteLabels {
  if (!pattern) return NON_RESOURCE;
  const parts = pattern.split('/').filter((p) => p !== '');
  let rest: string[];
  let group = '';
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else {
    return NON_RESOURCE;
  }
  let namespaced = false;
  if (rest[0] === 'namespaces' && rest[1] === ':namespace' && rest.length > 2) {
    namespaced = true;
    rest = rest.slice(2);
  }
  const [resource = '', name, subresource = ''] = rest;
  return {
    group,
    version,
    resource,
    subresource,
    resourceRequest: true,
    named: name !== undefined,
    namespaced,
  };
}

/** `resource` for named objects and creates, `namespace`, `cluster`, or '' for non-resource paths. */
export function scopeOf(route: RouteLabels, method: string): string {
  if (!route.resourceRequest) return '';
  if (route.named || method === 'POST') return 'resource';
  return route.namespaced ? 'namespace' : 'cluster';
}

const VALID_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

export interface VerbInput {
  method: string;
  scope: string;
  /** The `watch` query parameter, when present. */
  watch: string | undefined;
  contentType: string | undefined;
}

/** GET on a collection is LIST, `?watch=1` WATCH, a server-side apply PATCH is APPLY. */
export function reportedVerb({ method, scope, watch, contentType }: VerbInput): string {
  if (!VALID_METHODS.has(method)) return 'other';
  if (method === 'GET' || method === 'HEAD') {
    if (watch !== undefined && watch !== '' && watch !== '0' && watch.toLowerCase() !== 'false')
      return 'WATCH';
    return scope !== 'resource' && scope !== '' ? 'LIST' : 'GET';
  }
  if (method === 'PATCH' && contentType?.startsWith('application/apply-patch+yaml')) return 'APPLY';
  return method;
}

/** `All`, '' when absent, `invalid` for anything else (the only valid dryRun value is All). */
export function dryRunLabel(value: unknown): string {
  if (value === undefined) return '';
  const values = Array.isArray(value) ? value : [value];
  return values.every((v) => v === 'All') ? 'All' : 'invalid';
}
