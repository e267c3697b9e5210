/**
 * PATCH (k8s.io/apiserver/pkg/endpoints/handlers/patch.go): JSON patch, merge patch, strategic
 * merge patch (415 for custom resources, as upstream) and server-side apply, which creates the
 * object when absent. The store shapes the result (status split, system fields, ownership of
 * non-apply patches) and leaves an unchanged object unwritten, with its resourceVersion.
 */
import { apply, applyPatch, type NonApplyPatchType, notFound } from '@hs/apimachinery';
import { type KubeObject, pruneUnknownFields } from '@hs/resources';
import { groupResource } from '../http/request-context.js';
import { strictErrorsOf } from '../http/strict-errors.js';
import {
  alignName,
  alignNamespace,
  decodeObject,
  enterObject,
  handleUnknownFields,
  patchRequestOf,
  refuseUndeclaredApplyFields,
  requireAppliedKind,
  requireObjectMeta,
  unknownFieldsOf,
} from './request.js';
import { sendOutput } from './response.js';
import type { Handler } from './route-context.js';
import { handleApplyStrictness, handlePatchStrictness } from './strict-decoding.js';

export const patchHandler: Handler = async (route, req, reply) => {
  const { definition: def, subresource } = route;
  const name = enterObject(route, req, 'patch');
  const { out, target, dryRun, validation, fieldManager, type, isApply, force } = patchRequestOf(route, req);

  const bodyErrors = strictErrorsOf(req);
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
        // After the apply itself, as upstream's applyPatcher checks the configuration.
        handleApplyStrictness(validation, reply, bodyErrors);
      } else {
        if (!current) throw notFound(groupResource(def), name);
        next = applyPatch(def, current, type as NonApplyPatchType, req.body);
        requireObjectMeta(next, name);
      }
      alignNamespace(target, next);
      alignName(next, name);
      if (applied) return handleUnknownFields(target, next, validation, reply);
      const unknown = unknownFieldsOf(target, next);
      handlePatchStrictness(next, unknown, {
        validation,
        reply,
        patchType: type,
        patch: req.body,
        bodyErrors,
      });
      return unknown.length === 0 ? next : pruneUnknownFields(def, next);
    },
    {
      dryRun,
      allowCreate: isApply && subresource === undefined,
      // Server-side apply recorded ownership itself; other patches leave it to the store.
      api: { subresource, fieldManager: applied ? undefined : fieldManager },
    },
  );
  return sendOutput(reply, out, object, created ? 201 : 200);
};
