/**
 * PUT an object or its status (k8s.io/apiserver/pkg/endpoints/handlers/update.go). A stale
 * `metadata.resourceVersion` is a 409 Conflict (the store compares it). A PUT of a missing object
 * creates it (201 Created) when the kind declares `allowCreateOnUpdate`, as the generic registry's
 * Update does for strategies whose AllowCreateOnUpdate() is true
 * (k8s.io/apiserver/pkg/registry/generic/registry/store.go); otherwise it is 404 NotFound.
 */
import { isDeepStrictEqual } from 'node:util';
import { notFound, trackUpdate } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { groupResource } from '../http/request-context.js';
import { sendBody } from '../http/respond.js';
import { objectOutput } from './output.js';
import { enter, type Handler, paramsOf } from './route-context.js';
import { splitStatus } from './status-subresource.js';
import {
  alignName,
  alignNamespace,
  decodeObject,
  handleUnknownFields,
  writeRequestOf,
} from './write-checks.js';

/** Same content, ignoring resourceVersion and managedFields: such writes must not bump the RV. */
export function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _rv, managedFields: _mf, ...metadata } = o.metadata;
    return { ...o, metadata };
  };
  return isDeepStrictEqual(strip(a), strip(b));
}

export const updateHandler: Handler = async (route, req, reply) => {
  const { definition: def, subresource } = route;
  const name = paramsOf(req).name ?? '';
  enter(route, req, 'update', name);
  const { out, target, dryRun, validation, fieldManager } = writeRequestOf(route, req);
  const decoded = decodeObject(target, req.body);
  alignNamespace(target, decoded);
  alignName(decoded, name);
  const body = handleUnknownFields(target, decoded, validation, reply);
  const allowCreate = def.allowCreateOnUpdate && subresource === undefined;

  const { object, created } = await route.store.update(
    target.namespace,
    name,
    (current) => {
      if (!current) {
        if (!allowCreate) throw notFound(groupResource(def), name);
        return trackUpdate(def, undefined, splitStatus(def, undefined, body, undefined), { fieldManager });
      }
      const next = inheritSystemFields(splitStatus(def, subresource, body, current), current);
      if (sameContent(next, current))
        return { ...current, metadata: { ...current.metadata, ...pickRv(next) } };
      return trackUpdate(def, current, next, { fieldManager, subresource });
    },
    { dryRun, allowCreate },
  );
  return sendBody(reply, objectOutput(out, object), out.negotiated.format, created ? 201 : 200);
};

/** Keeps the caller's resourceVersion so a stale no-op write still reports Conflict. */
function pickRv(obj: KubeObject): { resourceVersion?: string } {
  return obj.metadata.resourceVersion === undefined ? {} : { resourceVersion: obj.metadata.resourceVersion };
}

const SYSTEM_FIELDS = [
  'uid',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const;

/** Server-owned metadata always comes from the stored object (upstream rest.BeforeUpdate). */
export function inheritSystemFields(next: KubeObject, current: KubeObject): KubeObject {
  const metadata: Record<string, unknown> = { ...next.metadata };
  for (const field of SYSTEM_FIELDS) {
    if (current.metadata[field] === undefined) delete metadata[field];
    else metadata[field] = current.metadata[field];
  }
  if (metadata.managedFields === undefined && current.metadata.managedFields !== undefined) {
    metadata.managedFields = current.metadata.managedFields;
  }
  return { ...next, metadata };
}
