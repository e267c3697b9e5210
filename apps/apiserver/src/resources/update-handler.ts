/**
 * PUT an object or its status (k8s.io/apiserver/pkg/endpoints/handlers/update.go). The store
 * shapes the object (status split, system fields, ownership), answers a stale
 * `metadata.resourceVersion` with 409 Conflict and leaves an unchanged object unwritten. A PUT
 * of a missing object creates it (201 Created) when the kind declares `allowCreateOnUpdate`, as
 * the generic registry's Update does for strategies whose AllowCreateOnUpdate() is true
 * (k8s.io/apiserver/pkg/registry/generic/registry/store.go); otherwise it is 404 NotFound.
 */

import { strictErrorsOf } from '../http/strict-errors.js';
import {
  alignName,
  alignNamespace,
  decodeObject,
  enterObject,
  handleUnknownFields,
  writeRequestOf,
} from './request.js';
import { sendOutput } from './response.js';
import type { Handler } from './route-context.js';

export const updateHandler: Handler = async (route, req, reply) => {
  const { definition: def, subresource } = route;
  const name = enterObject(route, req, 'update');
  const { out, target, dryRun, validation, fieldManager } = writeRequestOf(route, req);
  const decoded = decodeObject(target, req.body);
  alignNamespace(target, decoded);
  alignName(decoded, name);
  const body = handleUnknownFields(target, decoded, validation, reply, strictErrorsOf(req));
  const allowCreate = def.allowCreateOnUpdate && subresource === undefined;

  const { object, created } = await route.store.update(target.namespace, name, () => body, {
    dryRun,
    allowCreate,
    api: { subresource, fieldManager },
  });
  return sendOutput(reply, out, object, created ? 201 : 200);
};
