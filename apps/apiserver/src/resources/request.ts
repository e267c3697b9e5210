/**
 * Reading a request: typed query parameters, the path's target, the write options (dryRun,
 * fieldValidation, fieldManager, DeleteOptions) and the decoding checks every write performs
 * before it reaches the store, after k8s.io/apiserver/pkg/endpoints/handlers/{create,update,
 * patch,delete}.go: body shape, apiVersion/kind for the path, namespace and name agreement,
 * unknown fields. What the store does with the object (status split, system fields, no-op
 * detection, resourceVersion checks) is the store's.
 */
import { badRequest, invalid, type PatchType, parsePatchContentType } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { findUnknownFields, groupVersionKind, pruneUnknownFields } from '@hs/resources';
import type { Preconditions } from '@hs/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { strictWarnings } from '../http/strict-errors.js';
import { addWarning, type OutputContext, outputOf } from './response.js';
import type { RequestParams, RouteContext } from './route-context.js';

/** Query parameters; a repeated parameter takes its first value, as Go's url.Values.Get. */
export type Query = Record<string, string | string[] | undefined>;

export function str(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `true`/`1` → true, `false`/`0`/absent → false, as strconv.ParseBool; anything else is 400. */
export function bool(query: Query, name: string): boolean {
  const value = str(query, name);
  if (value === undefined || value === '') return false;
  switch (value.toLowerCase()) {
    case 'true':
    case '1':
    case 't':
      return true;
    case 'false':
    case '0':
    case 'f':
      return false;
    default:
      throw badRequest(`invalid value for ${name}: "${value}" is not a boolean`);
  }
}

/**
 * A non-negative integer parameter; absent → undefined. Not a number is 400 with the text of Go's
 * strconv.ParseInt, as kube-apiserver's query decoder answers it.
 */
export function int(query: Query, name: string): number | undefined {
  const value = str(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  if (value.startsWith('-'))
    throw badRequest(`invalid value for ${name}: "${value}" is not a non-negative integer`);
  return Number(value);
}

export const queryOf = (req: FastifyRequest) => req.query as Query;
export const paramsOf = (req: FastifyRequest) => req.params as RequestParams;

export function targetOf(route: RouteContext, req: FastifyRequest): Target {
  return {
    definition: route.definition,
    apiVersion: route.apiVersion,
    version: route.version,
    namespace: route.definition.scope === 'Namespaced' ? paramsOf(req).namespace : undefined,
  };
}

/** Names the request's resource and verb for authorization, audit and metrics. */
export function enter(route: RouteContext, req: FastifyRequest, verb: string, name?: string): void {
  req.resourceContext = { definition: route.definition, name, verb };
}

/** `enter` for a verb on one object of the path (get, update, patch, delete): answers its name. */
export function enterObject(route: RouteContext, req: FastifyRequest, verb: string): string {
  const name = paramsOf(req).name ?? '';
  enter(route, req, verb, name);
  return name;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface Target {
  definition: ResourceDefinition;
  /** The group-version string of the request path (`v1`, `networking.higress.io/v1`). */
  apiVersion: string;
  version: string;
  namespace: string | undefined;
}

/** Parses the body as an object and aligns apiVersion/kind with the path (filled in when absent). */
export function decodeObject(target: Target, body: unknown): KubeObject {
  const { definition: def } = target;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`the body of the request could not be decoded as a ${def.kind} object`);
  }
  const obj = body as Partial<KubeObject>;
  if (obj.apiVersion !== undefined && obj.apiVersion !== target.apiVersion) {
    throw badRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${target.apiVersion})`,
    );
  }
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw badRequest(
      `the kind in the data (${String(obj.kind)}) does not match the expected kind (${def.kind})`,
    );
  }
  const metadata = obj.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw badRequest(
      `${def.kind} in version "${target.version}" cannot be handled as a ${def.kind}: metadata must be an object`,
    );
  }
  return { ...obj, apiVersion: target.apiVersion, kind: def.kind, metadata: { ...metadata } };
}

/** Sets the namespace from the path; a different namespace in the body is 400, as upstream. */
export function alignNamespace(target: Target, obj: KubeObject): void {
  if (target.definition.scope === 'Cluster') {
    delete obj.metadata.namespace;
    return;
  }
  const inBody = obj.metadata.namespace;
  if (inBody && target.namespace && inBody !== target.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (target.namespace) obj.metadata.namespace = target.namespace;
}

/**
 * A patch result must still be an object with object metadata: upstream decodes it into the
 * kind's struct (a wrong type is a decode error, 400) and then checks the name against the URL,
 * which a `metadata: null` result fails (k8s.io/apiserver/pkg/endpoints/handlers/patch.go).
 */
export function requireObjectMeta(obj: unknown, name: string): asserts obj is KubeObject {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    throw badRequest('the patched object is not a JSON object');
  const metadata = (obj as { metadata?: unknown }).metadata;
  if (metadata === null || metadata === undefined)
    throw badRequest(`the name of the object () does not match the name on the URL (${name})`);
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    throw badRequest("the patched object's metadata is not a JSON object");
}

/** PUT: the body's name must equal the URL's (filled in when absent). */
export function alignName(obj: KubeObject, name: string): void {
  const inBody = obj.metadata.name;
  if (inBody && inBody !== name) {
    throw badRequest(`the name of the object (${inBody}) does not match the name on the URL (${name})`);
  }
  obj.metadata.name = name;
}

/** The options kind whose validation refuses a bad dryRun, by HTTP method. */
const OPTIONS_KIND: Record<string, string> = {
  POST: 'CreateOptions',
  PUT: 'UpdateOptions',
  PATCH: 'PatchOptions',
  DELETE: 'DeleteOptions',
};

/**
 * Whether the write is a dry run. A value other than `All` is 422 on the request's options, as
 * upstream ValidateDryRun (k8s.io/apimachinery pkg/apis/meta/v1/validation) words it: the values
 * quoted as a Go `[]string`.
 */
export function dryRunOf(query: Query, body?: unknown, method = 'POST'): boolean {
  const fromBody = (body as { dryRun?: unknown } | undefined)?.dryRun;
  if (query.dryRun === undefined && fromBody === undefined) return false;
  const values = [query.dryRun, fromBody]
    .flat()
    .filter((v): v is string => typeof v === 'string' && v !== '');
  if (values.some((v) => v !== 'All')) {
    const quoted = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
    throw invalid('meta.k8s.io', OPTIONS_KIND[method] ?? 'CreateOptions', '', [
      {
        field: 'dryRun',
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${quoted}: supported values: "All"`,
      },
    ]);
  }
  return values.length > 0;
}

/** `fieldValidation`, default Warn; another value is 422 on the request's options, as upstream. */
export function fieldValidationOf(query: Query, method = 'POST'): FieldValidation {
  const value = str(query, 'fieldValidation') || 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw invalid('meta.k8s.io', OPTIONS_KIND[method] ?? 'CreateOptions', '', [
    {
      field: 'fieldValidation',
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: "", "Ignore", "Strict", "Warn"`,
    },
  ]);
}

/** The fields of `obj` the kind's schema does not declare, in the order upstream reports them. */
export function unknownFieldsOf(target: Target, obj: KubeObject): string[] {
  const found = findUnknownFields(target.definition, obj);
  // Custom resources: the pruned paths sorted, as apiextensions-apiserver reports them; built-in
  // kinds: in the order the decoder met them.
  return target.definition.custom ? [...found].sort() : found;
}

/**
 * Strict decoding errors of a create or update, as upstream's decoder: the body's own (repeated
 * keys, `bodyErrors`) and unknown fields. Strict → 400 strict decoding error; Warn → a
 * `Warning: 299` header per error; Warn and Ignore drop unknown fields (built-ins drop them while
 * decoding, custom resources prune them). Returns the object to store.
 */
export function handleUnknownFields(
  target: Target,
  obj: KubeObject,
  validation: FieldValidation,
  reply: FastifyReply,
  bodyErrors: readonly string[] = [],
): KubeObject {
  const unknown = unknownFieldsOf(target, obj);
  if (unknown.length === 0 && bodyErrors.length === 0) return obj;
  const kind = target.definition.kind;
  const errors = [...bodyErrors, ...unknown.map((f) => `unknown field "${f}"`)];
  if (validation === 'Strict') {
    throw badRequest(
      `${kind} in version "${target.version}" cannot be handled as a ${kind}: strict decoding error: ${errors.join(', ')}`,
    );
  }
  if (validation === 'Warn') for (const warning of strictWarnings(errors)) addWarning(reply, warning);
  return unknown.length === 0 ? obj : pruneUnknownFields(target.definition, obj);
}

/**
 * Server-side apply of a configuration with fields the kind's schema does not declare fails
 * whatever fieldValidation says, with upstream's message (k8s.io/apiserver
 * pkg/endpoints/handlers/fieldmanager, structured-merge-diff's "field not declared in schema").
 * Upstream answers 500; we answer 400 BadRequest, as the fault is the client's input (an explained
 * difference in the conformance harness). `applied` is the configuration as sent.
 */
export function refuseUndeclaredApplyFields(target: Target, applied: unknown): void {
  const obj = applied as KubeObject;
  const found = findUnknownFields(target.definition, obj);
  if (found.length === 0) return;
  const def = target.definition;
  const gvk = groupVersionKind(def.group, target.version, def.kind);
  const name = `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
  const fields = found.map((f) => `.${f}: field not declared in schema`).join('\n');
  throw badRequest(`failed to create typed patch object (${name}; ${gvk}): ${fields}`);
}

/**
 * An apply configuration of another kind is refused before decoding, in upstream's words (the
 * field manager's type check; the text is schema.GroupVersionKind's String()).
 */
export function requireAppliedKind(kind: string, body: unknown): void {
  const o = body as { apiVersion?: unknown; kind?: unknown } | null;
  if (typeof o !== 'object' || o === null || typeof o.kind !== 'string' || !o.kind || o.kind === kind) return;
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  throw badRequest(`invalid object type: ${groupVersionKind(group ?? '', version ?? '', o.kind)}`);
}

const POLICIES = new Set(['Orphan', 'Background', 'Foreground']);

export interface DeleteOptionsBody {
  preconditions?: Preconditions;
  propagationPolicy?: string;
  /** Deprecated; `false` asks for cascading deletion (and a 202 while the object stays). */
  orphanDependents?: boolean;
  dryRun?: string[];
  gracePeriodSeconds?: number;
}

/**
 * DeleteOptions.gracePeriodSeconds: from the body when one was sent, else from the query, as
 * k8s.io/apiserver pkg/endpoints/handlers/delete.go decodes the options from one or the other.
 */
export function gracePeriodOf(query: Query, body: unknown, options: DeleteOptionsBody): number | undefined {
  if (body !== undefined && body !== null) {
    const value = options.gracePeriodSeconds;
    if (value === undefined || value === null) return undefined;
    if (!Number.isInteger(value)) throw badRequest('gracePeriodSeconds: must be an integer');
    return value;
  }
  const value = str(query, 'gracePeriodSeconds');
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number(value);
}

export function deleteOptionsOf(body: unknown): DeleteOptionsBody {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the body of a DELETE must be DeleteOptions');
  const options = body as DeleteOptionsBody;
  if (options.propagationPolicy !== undefined && !POLICIES.has(options.propagationPolicy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  return options;
}

/** Upstream defaults the manager to the User-Agent's program name (kubectl-create, etc.). */
export function fieldManagerOf(query: Query, req: FastifyRequest): string {
  const explicit = str(query, 'fieldManager');
  if (explicit !== undefined) {
    if (explicit.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128');
    return explicit;
  }
  const agent = req.headers['user-agent'] ?? 'unknown';
  return agent.split('/')[0] || 'unknown';
}

/** What every write (create, update, patch) reads from its request before touching the body. */
export interface WriteRequest {
  query: Query;
  out: OutputContext;
  target: Target;
  dryRun: boolean;
  validation: FieldValidation;
  fieldManager: string;
}

export function writeRequestOf(route: RouteContext, req: FastifyRequest): WriteRequest {
  const query = queryOf(req);
  return {
    query,
    out: outputOf(route, req, { target: 'object', transform: false }),
    target: targetOf(route, req),
    dryRun: dryRunOf(query, undefined, req.method),
    validation: fieldValidationOf(query, req.method),
    fieldManager: fieldManagerOf(query, req),
  };
}

/** What a PATCH reads besides the write options: the patch type and the apply options. */
export interface PatchRequest extends WriteRequest {
  type: PatchType;
  /** Server-side apply (`application/apply-patch+yaml`). */
  isApply: boolean;
  /** Server-side apply takes over conflicting fields (`force=true`). */
  force: boolean;
}

/**
 * The PatchOptions checks of k8s.io/apiserver pkg/endpoints/handlers/patch.go: `force` only with
 * apply (400), apply needs a `fieldManager` (422 on PatchOptions), and a patch needs a body (400).
 */
export function patchRequestOf(route: RouteContext, req: FastifyRequest): PatchRequest {
  const write = writeRequestOf(route, req);
  const { query } = write;
  const type = parsePatchContentType(req.headers['content-type'], route.definition);
  const isApply = type === 'application/apply-patch+yaml';
  const force = bool(query, 'force');
  if (!isApply && query.force !== undefined)
    throw badRequest('force: Forbidden: may not be specified for non-apply patch');
  if (isApply && !query.fieldManager)
    throw invalid('meta.k8s.io', 'PatchOptions', '', [
      {
        field: 'fieldManager',
        reason: 'FieldValueRequired',
        message: 'Required value: is required for apply patch',
      },
    ]);
  if (req.body === undefined) throw badRequest('the body of the request was empty');
  return { ...write, type, isApply, force };
}
