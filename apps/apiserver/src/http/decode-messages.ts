/**
 * The message of a malformed body, in the words of the upstream decoder the request reaches:
 * - create/update (k8s.io/apiserver pkg/endpoints/handlers/create.go transformDecodeError, over
 *   the serializer's `couldn't get version/kind; json parse error: …` or sigs.k8s.io/yaml's
 *   `error converting YAML to JSON: …`): `the object provided is unrecognized (must be of type
 *   K): <error> (<summary of the body>)`;
 * - JSON and merge patches under Strict/Warn: `error decoding patch: …` (sigs.k8s.io/json); a
 *   merge patch under Ignore: evanphx/json-patch's `Invalid JSON Patch`; a JSON patch under
 *   Ignore and a strategic merge patch: the bare encoding/json text (handlers/patch.go);
 * - server-side apply: `error decoding YAML: error converting YAML to JSON: …`.
 */
import { badRequest, type StatusError } from '@hs/apimachinery';
import type { FastifyRequest } from 'fastify';
import { bodyRouteOf } from './body-route.js';

/** summarizeData (handlers/rest.go): a JSON object's first bytes, anything else in hex. */
function summarize(text: string, max = 30): string {
  const data = Buffer.from(text, 'utf8');
  if (data.length === 0) return '<empty>';
  const head = data.subarray(0, max);
  const shown = data[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return data.length > max ? `${shown} ...` : shown;
}

function fieldValidationOf(req: FastifyRequest): string {
  const value = (req.query as Record<string, string | string[] | undefined> | undefined)?.fieldValidation;
  return (Array.isArray(value) ? value[0] : value) || 'Warn';
}

function objectDecodeError(req: FastifyRequest, error: string, text: string): StatusError {
  const route = bodyRouteOf(req);
  if (!route || (req.method !== 'POST' && req.method !== 'PUT')) return badRequest(error);
  return badRequest(
    `the object provided is unrecognized (must be of type ${route.kind}): ${error} (${summarize(text)})`,
  );
}

/** A body JSON.parse refused; `go` is encoding/json's SyntaxError text. */
export function jsonSyntaxError(req: FastifyRequest, type: string, go: string, text: string): StatusError {
  if (req.method !== 'PATCH')
    return objectDecodeError(req, `couldn't get version/kind; json parse error: ${go}`, text);
  const strict = fieldValidationOf(req) !== 'Ignore';
  switch (type) {
    case 'application/merge-patch+json':
      return badRequest(strict ? `error decoding patch: ${go}` : 'Invalid JSON Patch');
    case 'application/json-patch+json':
      return badRequest(strict ? `error decoding patch: ${go}` : go);
    default:
      return badRequest(go);
  }
}

/** A YAML body go-yaml would refuse; `go` is its text (`yaml: line 1: …`). */
export function yamlSyntaxError(req: FastifyRequest, type: string, go: string, text: string): StatusError {
  const error = `error converting YAML to JSON: ${go}`;
  if (type === 'application/apply-patch+yaml') return badRequest(`error decoding YAML: ${error}`);
  return objectDecodeError(req, error, text);
}
