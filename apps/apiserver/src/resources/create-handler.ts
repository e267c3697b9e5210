/**
 * POST a new object (k8s.io/apiserver/pkg/endpoints/handlers/create.go): 201 with the stored
 * object. The store shapes it (status split, ownership) as the registry's Create does.
 */
import { sendBody } from '../http/respond.js';
import { strictErrorsOf } from '../http/strict-errors.js';
import { alignNamespace, decodeObject, enter, handleUnknownFields, writeRequestOf } from './request.js';
import { sendOutput } from './response.js';
import type { Handler } from './route-context.js';

export const createHandler: Handler = async (route, req, reply) => {
  enter(route, req, 'create');
  const { out, target, dryRun, validation, fieldManager } = writeRequestOf(route, req);
  const decoded = decodeObject(target, req.body);
  alignNamespace(target, decoded);
  enter(route, req, 'create', decoded.metadata.name ?? decoded.metadata.generateName);
  const body = handleUnknownFields(target, decoded, validation, reply, strictErrorsOf(req));

  // A virtual kind (a review) answers what it computed, as it computed it.
  if (route.virtualCreate)
    return sendBody(reply, await route.virtualCreate(body, req), out.negotiated.format, 201);
  const created = await route.store.create(body, { dryRun, api: { fieldManager } });
  return sendOutput(reply, out, created, 201);
};
