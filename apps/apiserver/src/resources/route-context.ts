/** The types a route hands its verb handler: what the route serves and how handlers are called. */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { ResourceStore } from '@hs/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WatchObserver } from '../metrics/watch-metrics.js';

/** Answers a create of a virtual (never stored) kind, e.g. SubjectAccessReview. */
export type VirtualCreate = (obj: KubeObject, req: FastifyRequest) => Promise<KubeObject> | KubeObject;

/** Wraps the store a route's handlers write through, per request (the RBAC escalation guard). */
export type StoreGuard = (store: ResourceStore, req: FastifyRequest) => ResourceStore;

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
