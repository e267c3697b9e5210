/**
 * One encapsulated Fastify plugin per API group-version, registered under `/api/v1` or
 * `/apis/<group>/<version>`. Routes exist for each resource's collection, item and `/status`
 * paths (namespaced, all-namespaces or cluster-scoped); methods for verbs the entry does not
 * declare answer 405 MethodNotAllowed. Authorization has happened before (the request guard).
 */
import { methodNotSupported } from '@hs/apimachinery';
import { groupVersion, type ResourceDefinition, type Verb } from '@hs/resources';
import type { ResourceStore } from '@hs/storage';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { groupResource } from '../http/request-context.js';
import { createHandler } from './create-handler.js';
import { deleteCollectionHandler, deleteHandler } from './delete-handlers.js';
import { patchHandler } from './patch-handler.js';
import { getHandler, listHandler } from './read-handlers.js';
import { bool, queryOf } from './request.js';
import type { Handler, RouteContext, StoreGuard, VirtualCreate, WatchSettings } from './route-context.js';
import { updateHandler } from './update-handler.js';
import { watchHandler } from './watch-handler.js';

export interface GroupPluginOptions {
  group: string;
  version: string;
  resources: readonly ResourceDefinition[];
  storeFor: (def: ResourceDefinition) => ResourceStore;
  virtualCreateFor: (def: ResourceDefinition) => VirtualCreate | undefined;
  watches: WatchSettings;
  /** Wraps the store a write request uses (e.g. privilege-escalation checks); per kind, optional. */
  storeGuardFor?: ((def: ResourceDefinition) => StoreGuard | undefined) | undefined;
}

type Method = Extract<HTTPMethods, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'>;
type VerbRoute = { verb: Verb; handler: Handler };
const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const listOrWatch: Handler = (route, req, reply) =>
  bool(queryOf(req), 'watch') ? watchHandler(route, req, reply) : listHandler(route, req, reply);

const COLLECTION: Partial<Record<Method, VerbRoute>> = {
  GET: { verb: 'list', handler: listOrWatch },
  POST: { verb: 'create', handler: createHandler },
  DELETE: { verb: 'deletecollection', handler: deleteCollectionHandler },
};
const ALL_NAMESPACES: Partial<Record<Method, VerbRoute>> = { GET: { verb: 'list', handler: listOrWatch } };
const ITEM: Partial<Record<Method, VerbRoute>> = {
  GET: { verb: 'get', handler: getHandler },
  PUT: { verb: 'update', handler: updateHandler },
  PATCH: { verb: 'patch', handler: patchHandler },
  DELETE: { verb: 'delete', handler: deleteHandler },
};
const STATUS: Partial<Record<Method, VerbRoute>> = {
  GET: { verb: 'get', handler: getHandler },
  PUT: { verb: 'update', handler: updateHandler },
  PATCH: { verb: 'patch', handler: patchHandler },
};

export async function groupPlugin(app: FastifyInstance, options: GroupPluginOptions): Promise<void> {
  for (const def of options.resources) {
    const base: RouteContext = {
      definition: def,
      store: options.storeFor(def),
      apiVersion: groupVersion(options.group, options.version),
      version: options.version,
      virtualCreate: options.virtualCreateFor(def),
      watches: options.watches,
    };
    const status: RouteContext = { ...base, subresource: 'status' };
    const guard = options.storeGuardFor?.(def);
    const mount = (url: string, table: Partial<Record<Method, VerbRoute>>, route: RouteContext) => {
      for (const method of METHODS) {
        const entry = table[method];
        const verb = entry && (entry.verb === 'list' || def.verbs.includes(entry.verb)) ? entry : undefined;
        app.route({
          method,
          url,
          config: { bodyRoute: { kind: def.kind, custom: def.custom } },
          handler: async (req: FastifyRequest, reply: FastifyReply) => {
            const effective = verb && (verb.verb !== 'list' || listable(def, req)) ? verb : undefined;
            if (!effective) throw methodNotSupported(groupResource(def), method.toLowerCase());
            const guardedRoute = guard ? { ...route, store: guard(route.store, req) } : route;
            return effective.handler(guardedRoute, req, reply);
          },
        });
      }
    };
    const plural = `/${def.plural}`;
    if (def.scope === 'Namespaced') {
      mount(`/namespaces/:namespace${plural}`, COLLECTION, base);
      mount(`/namespaces/:namespace${plural}/:name`, ITEM, base);
      if (def.subresources.status) mount(`/namespaces/:namespace${plural}/:name/status`, STATUS, status);
      mount(plural, ALL_NAMESPACES, base);
    } else {
      mount(plural, COLLECTION, base);
      mount(`${plural}/:name`, ITEM, base);
      if (def.subresources.status) mount(`${plural}/:name/status`, STATUS, status);
    }
  }
}

/** GET on a collection is `list`, or `watch` with `?watch=true`; each must be declared. */
function listable(def: ResourceDefinition, req: FastifyRequest): boolean {
  return def.verbs.includes(bool(queryOf(req), 'watch') ? 'watch' : 'list');
}
