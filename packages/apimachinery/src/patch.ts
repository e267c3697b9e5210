/**
 * One entry point for PATCH bodies other than server-side apply:
 * `applyPatch(def, current, patchType, body)` → the patched object (a new object; inputs are never
 * mutated). Error mapping follows k8s.io/apiserver/pkg/endpoints/handlers/patch.go: unparsable
 * bodies → 400, JSON patch operations that cannot be applied → 422, strategic merge patch errors via
 * interpretStrategicMergePatchError (400 / 422), strategic merge patch on a custom resource → 415.
 *
 * Deliberate difference: strategic merge errors upstream leaves unclassified (unknown `$patch`
 * value, missing merge key, …) are answered 400 BadRequest rather than a 500 with no reason: they
 * are faults of the request, and a 5xx would invite clients to retry.
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { cloneJson } from './json-clone.js';
import { applyJsonPatch, applyMergePatch, goJsonType } from './json-patch.js';
import { isRecord } from './json-value.js';
import { supportedPatchTypes } from './media-types.js';
import { badRequest, unprocessable, unsupportedMediaType } from './status.js';
import { StrategicMergePatchError, strategicMergePatch } from './strategic-merge-patch.js';

export type NonApplyPatchType =
  | 'application/json-patch+json'
  | 'application/merge-patch+json'
  | 'application/strategic-merge-patch+json';

/** Parses a raw JSON body (string or bytes); already-parsed values pass through. Bad JSON → 400. */
export function parsePatchBody(body: unknown): unknown {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return body;
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/**
 * Applies a patch to `current`. `body` is the raw request body (string/bytes, parsed as JSON) or
 * an already-parsed JSON value.
 */
export function applyPatch(
  def: ResourceDefinition,
  current: KubeObject,
  patchType: NonApplyPatchType,
  body: unknown,
): KubeObject {
  if (!supportedPatchTypes(def).includes(patchType)) {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: ${supportedPatchTypes(def).join(', ')}`,
    );
  }
  const patch = parsePatchBody(body);
  let result: unknown;
  switch (patchType) {
    case 'application/json-patch+json':
      result = applyJsonPatch(current, patch);
      break;
    case 'application/merge-patch+json':
      if (!isRecord(patch)) {
        throw badRequest(
          `error decoding patch: json: cannot unmarshal ${goJsonType(patch)} into Go value of type map[string]interface {}`,
        );
      }
      result = applyMergePatch(current, patch);
      break;
    case 'application/strategic-merge-patch+json':
      if (patch === null) {
        // Go unmarshals `null` into an empty patch map: nothing changes
        result = cloneJson(current);
        break;
      }
      if (!isRecord(patch)) {
        throw badRequest(
          `json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`,
        );
      }
      try {
        result = strategicMergePatch(current, patch, def.listMergeKeys);
      } catch (err) {
        if (err instanceof StrategicMergePatchError) {
          throw err.kind === 'unprocessable' ? unprocessable(err.message) : badRequest(err.message);
        }
        throw err;
      }
      break;
    default:
      throw unsupportedMediaType(`unsupported patch type ${String(patchType)}`);
  }
  if (!isRecord(result)) {
    throw badRequest('the patched document is not a JSON object');
  }
  return result as KubeObject;
}
