/**
 * PATCH (k8s.io/apiserver/pkg/endpoints/handlers/patch.go): JSON patch, merge patch, strategic
 * merge patch (415 for custom resources, as upstream) and server-side apply, which creates the
 * object when absent. Unchanged results keep their resourceVersion.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  apply,
  applyPatch,
  badRequest,
  invalid,
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
  refuseUndeclaredApplyFields,
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
  if (isApply && !query.fieldManager)
    // k8s.io/apiserver pkg/endpoints/handlers/patch.go: the PatchOptions validation error.
    throw invalid('meta.k8s.io', 'PatchOptions', '', [
      {
        field: 'fieldManager',
        reason: 'FieldValueRequired',
        message: 'Required value: is required for apply patch',
      },
    ]);
  if (req.body === undefined) throw badRequest('the body of the request was empty');

  if (isApply) requireAppliedKind(def.kind, req.body);
  const applied = isApply ? decodeObject(target, req.body) : undefined;
  if (applied) {
    refuseUndeclaredApplyFields(target, applied);
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
      // An apply that changes only ownership (a second manager applying the same value) is a
      // write, as upstream: the managedFields differ. Other patches are tracked below.
      const sameOwners =
        !applied || isDeepStrictEqual(next.metadata.managedFields, current.metadata.managedFields);
      if (sameContent(next, current) && sameOwners)
        return { ...current, metadata: { ...current.metadata, ...rvOf(next) } };
      return applied ? next : trackUpdate(def, current, next, { fieldManager, subresource });
    },
    { dryRun, allowCreate: isApply && subresource === undefined },
  );
  return sendBody(reply, objectOutput(out, object), out.negotiated.format, created ? 201 : 200);
};

const rvOf = (obj: KubeObject) =>
  obj.metadata.resourceVersion === undefined ? {} : { resourceVersion: obj.metadata.resourceVersion };

/**
 * An apply configuration of another kind is refused before decoding, in upstream's words (the
 * field manager's type check; the text is schema.GroupVersionKind's String()).
 */
function requireAppliedKind(kind: string, body: unknown): void {
  const o = body as { apiVersion?: unknown; kind?: unknown } | null;
  if (typeof o !== 'object' || o === null || typeof o.kind !== 'string' || !o.kind || o.kind === kind) return;
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  throw badRequest(`invalid object type: ${group}/${version}, Kind=${o.kind}`);
}
