/** GET one object and LIST a collection (k8s.io/apiserver/pkg/endpoints/handlers/get.go). */
import { Readable } from 'node:stream';
import { compilePredicate, parseResourceVersion, validateListOptions } from '@hs/apimachinery';
import type { Predicate } from '@hs/storage';
import type { FastifyRequest } from 'fastify';
import { sendBody } from '../http/respond.js';
import { bool, enter, enterObject, int, type Query, queryOf, str, targetOf } from './request.js';
import { listOutput, outputOf, plainListJson, sendJson, sendObject } from './response.js';
import type { Handler, RouteContext } from './route-context.js';

export const getHandler: Handler = async (route, req, reply) => {
  const name = enterObject(route, req, 'get');
  const out = outputOf(route, req, { target: 'object', transform: true });
  // The shared frozen object: nothing below modifies it, and its JSON text is cached.
  const obj = await route.store.get(targetOf(route, req).namespace, name, { shared: true });
  return sendObject(reply, out, obj);
};

export function predicateOf(route: RouteContext, query: Query): Predicate | undefined {
  const labelSelector = str(query, 'labelSelector');
  const fieldSelector = str(query, 'fieldSelector');
  if (!labelSelector && !fieldSelector) return undefined;
  return compilePredicate(route.definition, { labelSelector, fieldSelector });
}

/**
 * The list/watch options' consistency (upstream ValidateListOptions, 422 on ListOptions.meta.k8s.io)
 * and the resourceVersionMatch to use. Watch lists (sendInitialEvents) are served.
 */
export function listOptionsOf(query: Query, watch: boolean): 'NotOlderThan' | 'Exact' | undefined {
  const value = str(query, 'resourceVersionMatch') || undefined;
  // Not a number: 400 with kube-apiserver's message (it answers 500 with the same text).
  parseResourceVersion(str(query, 'resourceVersion'));
  validateListOptions(
    {
      watch,
      resourceVersion: str(query, 'resourceVersion'),
      resourceVersionMatch: value,
      continue: str(query, 'continue'),
      sendInitialEvents:
        str(query, 'sendInitialEvents') === undefined ? undefined : bool(query, 'sendInitialEvents'),
    },
    { watchList: true },
  );
  return value as 'NotOlderThan' | 'Exact' | undefined;
}

/**
 * resourceVersion=0 without a continue token is served whole from kube-apiserver's watch cache,
 * which ignores `limit` (k8s.io/apiserver pkg/storage/cacher/cacher.go computeListLimit): one
 * page with every item and no continue token.
 */
function servedFromCache(query: Query, cont: string | undefined): boolean {
  return str(query, 'resourceVersion') === '0' && cont === undefined;
}

export const listHandler: Handler = async (route, req: FastifyRequest, reply) => {
  enter(route, req, 'list');
  const query = queryOf(req);
  const out = outputOf(route, req, { target: 'list', transform: true });
  const predicate = predicateOf(route, query);
  const resourceVersionMatch = listOptionsOf(query, false);
  const cont = str(query, 'continue') || undefined;
  const result = await route.store.list({
    namespace: targetOf(route, req).namespace,
    predicate,
    limit: servedFromCache(query, cont) ? undefined : int(query, 'limit'),
    continue: cont,
    resourceVersion: str(query, 'resourceVersion'),
    resourceVersionMatch,
  });
  // With a selector the count of what remains is unknown upstream (etcd3 store.go GetList sets
  // remainingItemCount only for an empty predicate); ours would be exact, but clients compare.
  if (predicate) delete result.remainingItemCount;
  const json = plainListJson(out, result);
  if (typeof json === 'string') return sendJson(reply, json);
  if (json !== undefined) {
    return reply.code(200).header('content-type', 'application/json').send(Readable.from(json));
  }
  return sendBody(reply, listOutput(out, result), out.negotiated.format);
};
