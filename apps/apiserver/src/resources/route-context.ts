import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { ResourceStore } from '@hs/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WatchObserver } from '../metrics/watch-metrics.js';
import { negotiateCached } from './negotiation-cache.js';
import { includeObjectOf, type OutputContext } from './output.js';
import type { Query } from './query.js';
import type { Target } from './write-checks.js';

/** Answers a create of a virtual (never stored) kind, e.g. SubjectAccessReview. */
export type VirtualCreate = (obj: KubeObject, req: FastifyRequest) => Promise<KubeObject> | KubeObject;

/** Everything a verb handler needs about the resource the route serves. */
export interface RouteContext {
  definition: ResourceDefinition;
  store: ResourceStore;
  apiVersion: string;
  version: string;
  subresource?: 'status' | undefined;
  virtualCreate?: VirtualCreate | undefined;
  watches: WatchSettings;
}

/** Shared by every watch of one server. */
export interface WatchSettings {
  /** Watches without timeoutSeconds last between 1x and 2x this (upstream --min-request-timeout). */
  minRequestTimeoutSeconds: number;
  /** Running watches, ended when the server closes so shutdown never waits for clients. */
  active: Set<AbortController>;
  /** Counts running watches and the events they write (metrics); absent = not counted. */
  observer?: WatchObserver | undefined;
  /** Throws 429 once the server is closing: a watch set up while it closed is refused, not cut. */
  refuseIfClosing?: (() => void) | undefined;
  /** The store's newest resourceVersion, for the BOOKMARK a watch ends with; absent = none. */
  currentResourceVersion?: (() => string) | undefined;
}

export interface RequestParams {
  namespace?: string;
  name?: string;
}

export type Handler = (
  route: RouteContext,
  req: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply>;

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
    includeObject: includeObjectOf(queryOf(req)),
  };
}

export function enter(route: RouteContext, req: FastifyRequest, verb: string, name?: string): void {
  req.resourceContext = { definition: route.definition, name, verb };
}
