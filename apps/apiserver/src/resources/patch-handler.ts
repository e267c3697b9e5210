/**
 * PATCH (k8s.io/apiserver/pkg/endpoints/handlers/patch.go): JSON patch, merge patch, strategic
 * merge patch (415 for custom resources, as upstream) and server-side apply, which creates the
 * object when absent. Unchanged results keep their resourceVersion.
 */
import {
  apply,
  applyPatch,
  badRequest,
  type NonApplyPatchType,
  notFound,
  parsePatchContentType,
  trackUpdate,
} from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { groupResource } from '../http/request-context.js';
import { sendBody } from '../http/respond.js';
import { objectOutput } from './output.js';
import { bool } from './query.js';
import { enter, type Handler, paramsOf } from './route-context.js';
import { splitStatus } from './status-subresource.js';
import { inheritSystemFields, sameContent } from './update-handler.js';
import {
  alignName,
  alignNamespace,
  decodeObject,
  handleUnknownFields,
  requireObjectMeta,
  writeRequestOf,
} from './write-checks.js';

export const patchHandler: Handler = async (route, req, reply) => {
  const { definition: def, subresource } = route;
  const name = paramsOf(req).name ?? '';
  enter(route, req, 'patch', name);
  const { query, out, target, dryRun, validation, fieldManager } = writeRequestOf(route, req);
  const type = parsePatchContentType(req.headers['content-type'], def);
  const isApply = type === 'application/apply-patch+yaml';
  const force = bool(query, 'force');
  if (!isApply && query.force !== undefined)
    throw badRequest('force: Forbidden: may not be specified for non-apply patch');
  if (isApply && !query.fieldManager) throw badRequest('PATCH: fieldManager is required for apply requests');
  if (req.body === undefined) throw badRequest('the body of the request was empty');

  const applied = isApply ? decodeObject(target, req.body) : undefined;
  if (applied) {
    alignNamespace(target, applied);
    alignName(applied, name);
  }

  const { object, created } = await route.store.update(
    target.namespace,
    name,
    (current) => {
      let next: KubeObject;
      if (applied) {
        next = apply(def, current, applied, { fieldManager, force, subresource });
      } else {
        if (!current) throw notFound(groupResource(def), name);
        next = applyPatch(def, current, type as NonApplyPatchType, req.body);
        requireObjectMeta(next, name);
      }
      alignNamespace(target, next);
      alignName(next, name);
      next = handleUnknownFields(target, next, validation, reply);
      next = splitStatus(def, subresource, next, current);
      if (!current) return next;
      next = inheritSystemFields(next, current);
      if (sameContent(next, current)) return { ...current, metadata: { ...current.metadata, ...rvOf(next) } };
      return applied ? next : trackUpdate(def, current, next, { fieldManager, subresource });
    },
    { dryRun, allowCreate: isApply && subresource === undefined },
  );
  return sendBody(reply, objectOutput(out, object), out.negotiated.format, created ? 201 : 200);
};

const rvOf = (obj: KubeObject) =>
  obj.metadata.resourceVersion === undefined ? {} : { resourceVersion: obj.metadata.resourceVersion };
