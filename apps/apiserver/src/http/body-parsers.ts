/**
 * Request body decoding: JSON (and the JSON patch media types) and YAML (also apply-patch+yaml,
 * whose body kubectl sends as JSON), as k8s.io/apiserver's negotiated serializers accept.
 * Protobuf (`application/vnd.kubernetes.protobuf`, which kubectl uses for `create <generator>`,
 * `auth can-i` and `auth whoami`) is decoded by @hs/apimachinery's decodeKubernetesProtobuf into
 * the same JSON object, so create/update, validation, defaults and RBAC see no difference; kinds
 * without a protobuf descriptor and malformed bodies get 415 UnsupportedMediaType, while a path
 * with no route gets its 404 whatever the body holds. Any other media type falls to Fastify's
 * FST_ERR_CTP_INVALID_MEDIA_TYPE, converted to 415 by the error handler.
 *
 * JSON is read by JSON.parse; only when it fails (for Go's SyntaxError text) or when the body may
 * repeat a key does the Go-compatible scanner run. Malformed bodies are refused in the words of
 * the upstream decoder the request reaches (decode-messages.ts); repeated keys are recorded for
 * the handler, which reports them by fieldValidation (strict-errors.ts).
 */
import {
  badRequest,
  decodeKubernetesProtobuf,
  mayRepeatKeys,
  PROTOBUF_MEDIA_TYPE,
  scanGoJson,
} from '@hs/apimachinery';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyRouteOf } from './body-route.js';
import { jsonSyntaxError, yamlSyntaxError } from './decode-messages.js';
import { GoYamlError, parseGoYaml } from './go-yaml.js';
import { recordStrictErrors } from './strict-errors.js';

const JSON_TYPES = [
  'application/json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
];
const YAML_TYPES = ['application/yaml', 'application/apply-patch+yaml'];

export const ACCEPTED_BODY_TYPES = 'application/json, application/yaml';

/**
 * A PATCH whose media type is no patch type of the kind is refused with 415 by its handler before
 * the body is read (upstream checks the type first), so such a body is not decoded.
 */
function notAPatchBody(req: FastifyRequest, type: string): boolean {
  if (req.method !== 'PATCH') return false;
  if (type === 'application/json' || type === 'application/yaml') return true;
  return type === 'application/strategic-merge-patch+json' && bodyRouteOf(req)?.custom === true;
}

function parseJson(req: FastifyRequest, type: string, text: string): unknown {
  if (text.trim() === '' || notAPatchBody(req, type)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const go = scanGoJson(text).syntaxError ?? (err as Error).message;
    throw jsonSyntaxError(req, type, go, text);
  }
  if (mayRepeatKeys(text, value)) {
    const { duplicates } = scanGoJson(text);
    if (duplicates.length > 0)
      recordStrictErrors(
        req,
        'json',
        duplicates.map((d) => `duplicate field ${JSON.stringify(d)}`),
      );
  }
  return value;
}

function parseYaml(req: FastifyRequest, type: string, text: string): unknown {
  if (text.trim() === '' || notAPatchBody(req, type)) return undefined;
  try {
    // Only the first document counts, as sigs.k8s.io/yaml reads a body.
    const { value, duplicates } = parseGoYaml(text);
    if (duplicates.length > 0)
      recordStrictErrors(req, 'yaml', [`yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}`]);
    return value;
  } catch (err) {
    if (err instanceof GoYamlError) throw yamlSyntaxError(req, type, err.message, text);
    throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
  }
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  for (const type of JSON_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (req, body, done) => {
      try {
        done(null, parseJson(req, type, body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
  }
  for (const type of YAML_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (req, body, done) => {
      try {
        done(null, parseYaml(req, type, body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
  }
  app.addContentTypeParser(PROTOBUF_MEDIA_TYPE, { parseAs: 'buffer' }, (req, body, done) => {
    // No route: answer 404 for the path, as upstream, whatever the body holds.
    if (req.is404) {
      done(null, undefined);
      return;
    }
    try {
      done(null, decodeKubernetesProtobuf(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
