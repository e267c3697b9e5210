import type { ResourceDefinition } from '@hs/resources';

/** What the error handler needs to phrase a storage error for the request's resource. */
export interface ResourceContext {
  definition: ResourceDefinition;
  /** Object name from the URL or body, when known. */
  name?: string | undefined;
  verb: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    resourceContext: ResourceContext | null;
  }
}

export const groupResource = (def: ResourceDefinition) => ({ group: def.group, resource: def.plural });
