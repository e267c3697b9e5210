/**
 * Answering a request: the negotiated response form (memoised per Accept header and endpoint
 * form), objects, lists and watch events shaped for it (the object itself, a meta.k8s.io Table
 * whose rows always carry `object`, or PartialObjectMetadata(List)), JSON sent as cached text,
 * and `Warning` headers.
 */
import {
  type IncludeObject,
  parseIncludeObject,
  toPartialObjectMetadata,
  toPartialObjectMetadataList,
  toTable,
} from '@hs/apimachinery';
import { type KubeObject, listShape, type ResourceDefinition } from '@hs/resources';
import type { ListResult } from '@hs/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Negotiated, negotiate } from '../http/negotiate.js';
import { sendBody } from '../http/respond.js';
import {
  LIST_CHUNK,
  listJson,
  listJsonChunks,
  listMetadata,
  objectJson,
  withoutTypeMeta,
} from './json-cache.js';
import type { RouteContext } from './route-context.js';

export interface OutputContext {
  definition: ResourceDefinition;
  apiVersion: string;
  negotiated: Negotiated;
  includeObject: IncludeObject;
}

/** `includeObject` of a Table answer (default Metadata); a repeated parameter takes its first value. */
function includeObjectOf(req: FastifyRequest): IncludeObject {
  const value = (req.query as Record<string, string | string[] | undefined>).includeObject;
  return parseIncludeObject(Array.isArray(value) ? value[0] : value) ?? 'Metadata';
}

/** Objects are served with the request's apiVersion (all served versions share one schema). */
export function served(ctx: OutputContext, obj: KubeObject): KubeObject {
  return obj.apiVersion === ctx.apiVersion && obj.kind === ctx.definition.kind
    ? obj
    : { ...obj, apiVersion: ctx.apiVersion, kind: ctx.definition.kind };
}

/** `columns: false` leaves the column definitions out (watch events after the first, as upstream). */
export function objectOutput(
  ctx: OutputContext,
  obj: KubeObject,
  options: { columns?: boolean } = {},
): unknown {
  const object = served(ctx, obj);
  const version = ctx.negotiated.metaVersion;
  switch (ctx.negotiated.as) {
    case 'Table':
      // A one-object Table carries the object's resourceVersion, as upstream's
      // k8s.io/apiserver/pkg/registry/rest/table.go (CommonAccessor fallback).
      return toTable(ctx.definition, [object], {
        includeObject: ctx.includeObject,
        version,
        resourceVersion: object.metadata?.resourceVersion,
        includeColumnDefinitions: options.columns ?? true,
      });
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      return toPartialObjectMetadata(object, version);
    default:
      return object;
  }
}

export function listOutput(ctx: OutputContext, result: ListResult): unknown {
  const items = result.items.map((item) => served(ctx, item));
  const version = ctx.negotiated.metaVersion;
  switch (ctx.negotiated.as) {
    // Table and PartialObjectMetadataList are typed meta.k8s.io lists whatever the kind.
    case 'Table':
      return toTable(ctx.definition, items, {
        includeObject: ctx.includeObject,
        version,
        ...listMetadata(result),
      });
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      return toPartialObjectMetadataList(items, listMetadata(result), version);
    default: {
      const shape = listShape(ctx.definition);
      return {
        kind: ctx.definition.listKind,
        apiVersion: ctx.apiVersion,
        metadata: listMetadata(result, shape.emptyContinue),
        items: shape.itemTypeMeta ? items : items.map(withoutTypeMeta),
      };
    }
  }
}

/**
 * The JSON text of a plain (untransformed) JSON LIST answer, built from the items' cached JSON;
 * undefined when the answer is transformed or YAML (then `listOutput` shapes it).
 */
export function plainListJson(
  ctx: OutputContext,
  result: ListResult,
): string | AsyncGenerator<string> | undefined {
  if (ctx.negotiated.format !== 'json' || ctx.negotiated.as !== undefined) return undefined;
  const items = result.items.map((item) => served(ctx, item));
  // A large answer is streamed in slices (listJsonChunks); a small one goes out as one string.
  const build = items.length > LIST_CHUNK ? listJsonChunks : listJson;
  const shape = listShape(ctx.definition);
  const head = {
    kind: ctx.definition.listKind,
    apiVersion: ctx.apiVersion,
    metadata: listMetadata(result, shape.emptyContinue),
    itemTypeMeta: shape.itemTypeMeta,
  };
  return build(head, items);
}

type NegotiateOptions = Parameters<typeof negotiate>[1];

const MAX_ENTRIES = 256;
const memo = new Map<string, Negotiated>();

/**
 * Memoised response negotiation: clients send a handful of distinct Accept headers (kubectl,
 * client-go, informers), so each (Accept, endpoint form) pair is negotiated once. Only successful
 * answers are kept (a 406 is negotiated again each time, and is rare); the memo is bounded and
 * starts afresh when full, so odd headers cannot grow it without limit.
 */
export function negotiateCached(accept: string | undefined, options: NegotiateOptions): Negotiated {
  const key = `${options.allowTransform ? 't' : '-'}${options.target === 'list' ? 'l' : 'o'}${options.stream ? 's' : '-'}${accept ?? ''}`;
  let negotiated = memo.get(key);
  if (negotiated === undefined) {
    negotiated = Object.freeze(negotiate(accept, options));
    if (memo.size >= MAX_ENTRIES) memo.clear();
    memo.set(key, negotiated);
  }
  return negotiated;
}

export interface OutputOptions {
  target: 'object' | 'list';
  /** Writes answer the object itself; reads may be transformed (Table, PartialObjectMetadata). */
  transform: boolean;
  stream?: boolean;
}

export function outputOf(route: RouteContext, req: FastifyRequest, options: OutputOptions): OutputContext {
  return {
    definition: route.definition,
    apiVersion: route.apiVersion,
    negotiated: negotiateCached(req.headers.accept, {
      allowTransform: options.transform,
      target: options.target,
      stream: options.stream ?? false,
    }),
    includeObject: includeObjectOf(req),
  };
}

/** Answers one object in the negotiated form (writes: the text is built afresh, not cached). */
export function sendOutput(
  reply: FastifyReply,
  out: OutputContext,
  obj: KubeObject,
  code = 200,
): FastifyReply {
  return sendBody(reply, objectOutput(out, obj), out.negotiated.format, code);
}

/** Hands JSON text to Fastify unchanged: no serializer runs and no charset is appended. */
const asIs = (payload: string) => payload;

/**
 * Sends JSON text with exactly `application/json`, as http/respond.ts's sendBody does. The text
 * goes out as a string, which Node writes together with the headers in one write.
 */
export function sendJson(reply: FastifyReply, json: string, code = 200): FastifyReply {
  return reply.code(code).header('content-type', 'application/json').serializer(asIs).send(json);
}

/** Answers one object in the negotiated form; plain JSON takes the cached-text path. */
export function sendObject(
  reply: FastifyReply,
  out: OutputContext,
  obj: KubeObject,
  code = 200,
): FastifyReply {
  const { negotiated } = out;
  if (negotiated.format === 'json' && negotiated.as === undefined) {
    return sendJson(reply, objectJson(served(out, obj)), code);
  }
  return sendOutput(reply, out, obj, code);
}

const isControl = (code: number) => (code < 0x20 && code !== 0x09) || code === 0x7f;

/** Adds a `Warning: 299` header, as upstream's warning recorder writes it. */
export function addWarning(reply: FastifyReply, message: string): void {
  const escaped = message.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
  // Header values are bytes: send the text's UTF-8 bytes as upstream's Go server does (Node
  // writes a string header as latin1), and control characters as spaces.
  const bytes = Buffer.from(escaped, 'utf8').toString('latin1');
  const value = `299 - "${Array.from(bytes, (c) => (isControl(c.charCodeAt(0)) ? ' ' : c)).join('')}"`;
  const existing = reply.getHeader('warning');
  if (existing === undefined) reply.header('warning', value);
  else reply.header('warning', [...(Array.isArray(existing) ? existing : [String(existing)]), value]);
}
