/**
 * Request body decoding: JSON (and the JSON patch media types) and YAML (also apply-patch+yaml,
 * whose body kubectl sends as JSON), as k8s.io/apiserver's negotiated serializers accept.
 * Protobuf (`application/vnd.kubernetes.protobuf`, which kubectl uses for `create <generator>`,
 * `auth can-i` and `auth whoami`) is decoded by @hs/apimachinery's decodeKubernetesProtobuf into
 * the same JSON object, so create/update, validation, defaults and RBAC see no difference; kinds
 * without a protobuf descriptor and malformed bodies get 415 UnsupportedMediaType, while a path
 * with no route gets its 404 whatever the body holds. Any other media type falls to Fastify's
 * FST_ERR_CTP_INVALID_MEDIA_TYPE, converted to 415 by the error handler.
 */
import { badRequest, decodeKubernetesProtobuf, PROTOBUF_MEDIA_TYPE } from '@hs/apimachinery';
import type { FastifyInstance } from 'fastify';
import YAML from 'yaml';

const JSON_TYPES = [
  'application/json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
];
const YAML_TYPES = ['application/yaml', 'application/apply-patch+yaml'];

export const ACCEPTED_BODY_TYPES = 'application/json, application/yaml';

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  if (text.trim() === '') return undefined;
  let docs: YAML.Document.Parsed[];
  try {
    docs = YAML.parseAllDocuments(text) as YAML.Document.Parsed[];
  } catch (err) {
    throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
  }
  const [doc, ...rest] = docs;
  const failure = docs.flatMap((d) => d.errors)[0];
  if (failure) throw badRequest(`error converting YAML to JSON: ${failure.message}`);
  if (rest.length > 0)
    throw badRequest('error converting YAML to JSON: multiple YAML documents in one request');
  try {
    return doc?.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An alias bomb ("Excessive alias count") is bad input, as go-yaml's "excessive aliasing".
    throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
  }
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  for (const type of JSON_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseJson(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
  }
  for (const type of YAML_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseYaml(body as string));
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
