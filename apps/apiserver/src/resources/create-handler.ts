/** POST a new object (k8s.io/apiserver/pkg/endpoints/handlers/create.go): 201 with the stored object. */
import { trackUpdate } from '@hs/apimachinery';
import { sendBody } from '../http/respond.js';
import { objectOutput } from './output.js';
import { enter, type Handler } from './route-context.js';
import { splitStatus } from './status-subresource.js';
import { alignNamespace, decodeObject, handleUnknownFields, writeRequestOf } from './write-checks.js';

export const createHandler: Handler = async (route, req, reply) => {
  const { definition: def } = route;
  enter(route, req, 'create');
  const { out, target, dryRun, validation, fieldManager } = writeRequestOf(route, req);
  const decoded = decodeObject(target, req.body);
  alignNamespace(target, decoded);
  enter(route, req, 'create', decoded.metadata.name ?? decoded.metadata.generateName);
  const body = handleUnknownFields(target, decoded, validation, reply);

  if (route.virtualCreate) {
    return sendBody(reply, await route.virtualCreate(body, req), out.negotiated.format, 201);
  }
  const prepared = trackUpdate(def, undefined, splitStatus(def, undefined, body, undefined), {
    fieldManager,
  });
  const created = await route.store.create(prepared, { dryRun });
  return sendBody(reply, objectOutput(out, created), out.negotiated.format, 201);
};
