/**
 * What the body decoders know of the route a request reached, before its handler runs: the kind
 * a create or update decodes into (for upstream's "must be of type" message) and whether it is a
 * custom resource (whose PATCH media types are checked by the handler, not by go-restful).
 * Resource routes set it in their Fastify route config.
 */
import type { FastifyRequest } from 'fastify';

export interface BodyRoute {
  kind: string;
  custom: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    bodyRoute?: BodyRoute;
  }
}

export const bodyRouteOf = (req: FastifyRequest): BodyRoute | undefined =>
  (req.routeOptions?.config as { bodyRoute?: BodyRoute } | undefined)?.bodyRoute;
