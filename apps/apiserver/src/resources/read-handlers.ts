/** GET one object and LIST a collection (k8s.io/apiserver/pkg/endpoints/handlers/get.go). */
import { Readable } from 'node:stream';
import { badRequest, compilePredicate } from '@hs/apimachinery';
import type { Predicate } from '@hs/storage';
import type { FastifyRequest } from 'fastify';
import { sendBody } from '../http/respond.js';
import { listOutput, plainListJson } from './output.js';
import { int, type Query, str } from './query.js';
import type { RouteContext } from './route-context.js';
import { enter, type Handler, outputOf, paramsOf, queryOf, targetOf } from './route-context.js';
import { sendJson, sendObject } from './send-json.js';

export const getHandler: Handler = async (route, req, reply) => {
  const name = paramsOf(req).name ?? '';
  enter(route, req, 'get', name);
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

export function resourceVersionMatchOf(query: Query): 'NotOlderThan' | 'Exact' | undefined {
  const value = str(query, 'resourceVersionMatch');
  if (value === undefined || value === '') return undefined;
  if (value === 'NotOlderThan' || value === 'Exact') return value;
  throw badRequest(
    `resourceVersionMatch: Unsupported value: "${value}": supported values: "Exact", "NotOlderThan"`,
  );
}

export const listHandler: Handler = async (route, req: FastifyRequest, reply) => {
  enter(route, req, 'list');
  const query = queryOf(req);
  const out = outputOf(route, req, { target: 'list', transform: true });
  const result = await route.store.list({
    namespace: targetOf(route, req).namespace,
    predicate: predicateOf(route, query),
    limit: int(query, 'limit'),
    continue: str(query, 'continue') || undefined,
    resourceVersion: str(query, 'resourceVersion'),
    resourceVersionMatch: resourceVersionMatchOf(query),
  });
  const json = plainListJson(out, result);
  if (typeof json === 'string') return sendJson(reply, json);
  if (json !== undefined) {
    return reply.code(200).header('content-type', 'application/json').send(Readable.from(json));
  }
  return sendBody(reply, listOutput(out, result), out.negotiated.format);
};
