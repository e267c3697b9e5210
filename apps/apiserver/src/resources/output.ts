/**
 * Shapes objects, lists and watch events for the negotiated response form: the object itself,
 * a meta.k8s.io Table (rows always carry `object`) or PartialObjectMetadata(List), using
 * @hs/apimachinery's converters.
 */
import {
  type IncludeObject,
  parseIncludeObject,
  toPartialObjectMetadata,
  toPartialObjectMetadataList,
  toTable,
} from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { ListResult } from '@hs/storage';
import type { Negotiated } from '../http/negotiate.js';
import { LIST_CHUNK, listJson, listJsonChunks, listMetadata } from './json-cache.js';
import { type Query, str } from './query.js';

export interface OutputContext {
  definition: ResourceDefinition;
  apiVersion: string;
  negotiated: Negotiated;
  includeObject: IncludeObject;
}

export const includeObjectOf = (query: Query): IncludeObject =>
  parseIncludeObject(str(query, 'includeObject')) ?? 'Metadata';

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
  const metadata = listMetadata(result);
  const items = result.items.map((item) => served(ctx, item));
  const version = ctx.negotiated.metaVersion;
  switch (ctx.negotiated.as) {
    case 'Table':
      return toTable(ctx.definition, items, { includeObject: ctx.includeObject, version, ...metadata });
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      return toPartialObjectMetadataList(items, metadata, version);
    default:
      return { kind: ctx.definition.listKind, apiVersion: ctx.apiVersion, metadata, items };
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
  return build(ctx.definition.listKind, ctx.apiVersion, listMetadata(result), items);
}
