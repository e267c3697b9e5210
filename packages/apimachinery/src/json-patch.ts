/**
 * JSON patch (RFC 6902) and JSON merge patch (RFC 7386) over plain objects, never mutating their
 * inputs. Error classes follow k8s.io/apiserver/pkg/endpoints/handlers/patch.go: a body that is not
 * a JSON array of operations → 400; an operation that cannot be applied (including a failing
 * `test`) → 422 with the reason as a cause; more than 10000 operations → 413.
 */
import jsonpatch from 'fast-json-patch';
import { cloneJson } from './json-clone.js';
import { getOwn, isRecord, setOwn } from './json-value.js';
import { badRequest, tooManyPatchOperations, unprocessable } from './status.js';

/** upstream maxJSONPatchOperations */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/**
 * Short, evanphx/json-patch-like reasons. fast-json-patch's own messages embed the whole
 * document, which could leak secret data into an error, so they are never passed on.
 */
function describe(name: string, op: Operation): string {
  const path = typeof op.path === 'string' ? op.path : '';
  switch (name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_PATH_UNRESOLVABLE':
      return `${op.op} operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_PATH_CANNOT_ADD':
      return `add operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${op.op} operation does not apply: doc is missing from path: "${String(op.from)}": missing value`;
    case 'OPERATION_OP_INVALID':
      return `Unexpected kind: ${String(op.op)}`;
    case 'OPERATION_PATH_INVALID':
      return `${String(op.op)} operation has an invalid path: "${path}"`;
    case 'OPERATION_FROM_REQUIRED':
      return `${String(op.op)} operation missing from path`;
    case 'OPERATION_VALUE_REQUIRED':
      return `${String(op.op)} operation missing value`;
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return `${String(op.op)} operation does not apply: invalid array index in path "${path}"`;
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
      return `${String(op.op)} operation does not apply: array index out of bounds in path "${path}"`;
    default:
      return `${String(op.op)} operation does not apply: ${path}`;
  }
}

const movesIntoItself = (op: Operation): boolean =>
  typeof op.from === 'string' &&
  typeof op.path === 'string' &&
  op.path !== op.from &&
  (op.from === '' || op.path.startsWith(`${op.from}/`));

/** The JSON type name encoding/json's UnmarshalTypeError quotes. */
export function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
}

/** Applies an RFC 6902 patch (already parsed JSON) to a document; returns a new document. */
export function applyJsonPatch<T>(doc: T, patch: unknown): T {
  if (!Array.isArray(patch)) {
    // k8s.io/apiserver handlers/patch.go decodes the operations into []jsonPatchOp first
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${goJsonType(patch)} into Go value of type []handlers.jsonPatchOp`,
    );
  }
  if (!patch.every(isRecord)) {
    throw badRequest('json: cannot unmarshal non-object into Go struct field of type jsonpatch.Operation');
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw tooManyPatchOperations(MAX_JSON_PATCH_OPERATIONS, patch.length);
  }
  const ops = patch as unknown as Operation[];
  let current: unknown = cloneJson(doc);
  for (const op of ops) {
    if (op.op === 'move' && movesIntoItself(op)) {
      // RFC 6902 §4.4: a location cannot be moved into one of its children (fast-json-patch
      // would build a cyclic document).
      throw unprocessable(
        `move operation does not apply: "from" ${op.from} is a parent of "path" ${op.path}`,
      );
    }
    try {
      // validates the operation against the document as it stands, then applies it in place
      current = jsonpatch.applyOperation(current, op as jsonpatch.Operation, true, true, true).newDocument;
    } catch (err) {
      if (err instanceof jsonpatch.JsonPatchError) throw unprocessable(describe(err.name, op));
      throw unprocessable(`${String(op.op)} operation does not apply: ${(err as Error).message}`);
    }
  }
  return current as T;
}

/**
 * Applies an RFC 7386 merge patch; `null` removes a key, objects merge, anything else replaces.
 * The result shares nothing with either input.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergeInto(cloneJson(target), patch);
}

function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return cloneJson(patch);
  const out: Record<string, unknown> = isRecord(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else setOwn(out, k, mergeInto(getOwn(out, k), v));
  }
  return out;
}
