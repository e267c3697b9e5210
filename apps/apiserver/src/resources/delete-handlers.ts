/**
 * DELETE one object and DELETE a collection (k8s.io/apiserver/pkg/endpoints/handlers/delete.go).
 * Answers 200 with the deleted object or a Success Status (per the kind's returnDeletedObject),
 * or with the object marked for deletion when finalizers hold it back or a graceful deletion
 * leaves it stored for its grace period (a Pod on a node): 200 as well, 202 only when the
 * request set `orphanDependents: false` (upstream keeps 200 for existing clients).
 */
import type { KubeObject } from '@hs/resources';
import { isStorageError } from '@hs/storage';
import { sendBody } from '../http/respond.js';
import { predicateOf } from './read-handlers.js';
import {
  deleteOptionsOf,
  dryRunOf,
  enter,
  enterObject,
  gracePeriodOf,
  queryOf,
  targetOf,
} from './request.js';
import { listOutput, outputOf, sendOutput } from './response.js';
import type { Handler } from './route-context.js';

export const deleteHandler: Handler = async (route, req, reply) => {
  const name = enterObject(route, req, 'delete');
  const options = deleteOptionsOf(req.body);
  const query = queryOf(req);
  const dryRun = dryRunOf(query, options, 'DELETE');
  const out = outputOf(route, req, { target: 'object', transform: false });
  const { object, deleted } = await route.store.delete(targetOf(route, req).namespace, name, {
    dryRun,
    preconditions: options.preconditions,
    gracePeriodSeconds: gracePeriodOf(query, req.body, options),
  });
  if (!deleted) return sendOutput(reply, out, object, options.orphanDependents === false ? 202 : 200);
  const def = route.definition;
  if (def.returnDeletedObject) return sendOutput(reply, out, object, 200);
  // registry.Store finalizeDelete: a Success Status whose details.kind is the resource (plural).
  const details: Record<string, string> = { name: object.metadata.name ?? '' };
  if (def.group) details.group = def.group;
  details.kind = def.plural;
  if (object.metadata.uid) details.uid = object.metadata.uid;
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
  return sendBody(reply, status, out.negotiated.format, 200);
};

export const deleteCollectionHandler: Handler = async (route, req, reply) => {
  enter(route, req, 'deletecollection');
  const options = deleteOptionsOf(req.body);
  const query = queryOf(req);
  const dryRun = dryRunOf(query, options, 'DELETE');
  const out = outputOf(route, req, { target: 'list', transform: false });
  const namespace = targetOf(route, req).namespace;
  const listed = await route.store.list({ namespace, predicate: predicateOf(route, query) });
  const items: KubeObject[] = [];
  for (const item of listed.items) {
    try {
      const { object } = await route.store.delete(item.metadata.namespace, item.metadata.name ?? '', {
        dryRun,
        gracePeriodSeconds: gracePeriodOf(query, req.body, options),
      });
      items.push(object);
    } catch (err) {
      if (!isStorageError(err, 'KeyNotFound')) throw err;
    }
  }
  return sendBody(
    reply,
    listOutput(out, { items, resourceVersion: listed.resourceVersion }),
    out.negotiated.format,
  );
};
