/**
 * Requests generated from our own `/openapi/v3` documents: every path and verb they declare
 * (every served kind, its /status, collection and cluster-wide lists), path parameters, the
 * operation's declared query parameters and a request body from its schema in one of the media
 * types the operation declares. Decision 0070 says why this is fast-check and not schemathesis.
 */
import { groupVersion } from '@hs/resources';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import YAML from 'yaml';
import {
  applyBody,
  jsonPatch,
  mergePatch,
  protobufBody,
  QUERY_VALUES,
  strategicPatch,
  yamlText,
} from './decoder-inputs.js';
import { hostileString, name, namespace } from './hostile.js';
import { type Components, type Schema, schemaArbitrary } from './schema-arbitrary.js';
import type { FuzzRequest } from './target.js';

interface Parameter {
  name: string;
  in: string;
  schema?: Schema;
}

export interface Operation {
  method: FuzzRequest['method'];
  path: string;
  parameters: Parameter[];
  bodyTypes: string[];
  bodySchema?: Schema;
  gvk?: { group: string; version: string; kind: string };
  components: Components;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Reads `/openapi/v3` and every group-version document it lists. */
export async function loadOperations(app: FastifyInstance): Promise<Operation[]> {
  const root = JSON.parse((await app.inject({ url: '/openapi/v3' })).body) as {
    paths: Record<string, { serverRelativeURL: string }>;
  };
  const operations: Operation[] = [];
  for (const { serverRelativeURL } of Object.values(root.paths)) {
    const doc = JSON.parse((await app.inject({ url: serverRelativeURL })).body) as {
      paths: Record<string, Record<string, unknown> & { parameters?: Parameter[] }>;
      components?: { schemas?: Components };
    };
    const components = doc.components?.schemas ?? {};
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method] as
          | {
              parameters?: Parameter[];
              requestBody?: { content: Record<string, { schema: Schema }> };
              'x-kubernetes-group-version-kind'?: Operation['gvk'];
            }
          | undefined;
        if (!op) continue;
        const content = op.requestBody?.content ?? {};
        const bodySchema = Object.values(content)[0]?.schema;
        const gvk = op['x-kubernetes-group-version-kind'];
        operations.push({
          method: method.toUpperCase() as Operation['method'],
          path,
          parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])],
          bodyTypes: Object.keys(content),
          ...(bodySchema ? { bodySchema } : {}),
          ...(gvk ? { gvk } : {}),
          components,
        });
      }
    }
  }
  return operations;
}

function queryValue(parameter: Parameter): fc.Arbitrary<string> {
  const known = QUERY_VALUES[parameter.name];
  if (known) return known;
  if (parameter.schema?.type === 'boolean') return fc.constantFrom('true', 'false', 'x');
  if (parameter.schema?.type === 'integer') return fc.oneof(fc.integer().map(String), hostileString);
  return hostileString;
}

const ACCEPTS = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json',
  'application/json',
  'application/yaml',
  'application/yaml',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
  '*/*',
  'text/html',
  'application/json;as=Garbage',
);

function bodyFor(op: Operation, contentType: string, objectName: string): fc.Arbitrary<string | Buffer> {
  const apiVersion = op.gvk ? groupVersion(op.gvk.group, op.gvk.version) : 'v1';
  const kind = op.gvk?.kind ?? 'ConfigMap';
  switch (contentType) {
    case 'application/json-patch+json':
      return jsonPatch.map((p) => JSON.stringify(p) ?? 'null');
    case 'application/merge-patch+json':
      return mergePatch.map((p) => JSON.stringify(p) ?? 'null');
    case 'application/strategic-merge-patch+json':
      return strategicPatch.map((p) => JSON.stringify(p) ?? 'null');
    case 'application/apply-patch+yaml':
      return applyBody(apiVersion, kind, objectName);
    case 'application/vnd.kubernetes.protobuf':
      return protobufBody;
  }
  const object = schemaArbitrary(op.bodySchema ?? {}, op.components).chain((value) =>
    fc.boolean().map((keepIdentity) => {
      if (!keepIdentity || !value || typeof value !== 'object' || Array.isArray(value)) return value;
      const metadata = (value as { metadata?: unknown }).metadata;
      return {
        ...value,
        apiVersion,
        kind,
        metadata: { ...(metadata && typeof metadata === 'object' ? metadata : {}), name: objectName },
      };
    }),
  );
  if (contentType === 'application/yaml')
    return fc.oneof(
      { weight: 4, arbitrary: object.map((v) => YAML.stringify(v)) },
      { weight: 1, arbitrary: yamlText },
    );
  return fc.oneof(
    { weight: 8, arbitrary: object.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: object.map((v) => (JSON.stringify(v) ?? 'null').slice(0, -1)) },
  );
}

/** One request for one operation. */
export function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const query =
    queryParams.length === 0
      ? fc.constant([] as Array<[string, string]>)
      : fc
          .subarray(queryParams, { maxLength: Math.min(4, queryParams.length) })
          .chain((chosen) =>
            fc.tuple(...chosen.map((p) => queryValue(p).map((v) => [p.name, v] as [string, string]))),
          );
  const bodyType = op.bodyTypes.length > 0 ? fc.constantFrom(...op.bodyTypes) : fc.constant(undefined);
  return fc
    .record({ ns: namespace, objectName: name, query, bodyType, accept: ACCEPTS })
    .chain(({ ns, objectName, query, bodyType, accept }) => {
      const path = op.path
        .replace('{namespace}', encodeURIComponent(ns))
        .replace('{name}', encodeURIComponent(objectName));
      const params = new URLSearchParams(query);
      // A watch runs until its timeout: keep it within the request deadline.
      if (params.get('watch') !== null || params.has('sendInitialEvents')) params.set('timeoutSeconds', '1');
      const search = params.toString();
      const url = search ? `${path}?${search}` : path;
      const headers: Record<string, string> = { accept };
      if (!bodyType)
        return fc.constant<FuzzRequest>({ method: op.method, url, headers, family: `openapi ${op.method}` });
      headers['content-type'] = bodyType;
      return bodyFor(op, bodyType, objectName).map<FuzzRequest>((body) => ({
        method: op.method,
        url,
        headers,
        body,
        family: `openapi ${op.method} ${bodyType}`,
      }));
    });
}

/** Requests over every operation, each operation equally likely. */
export function openApiRequests(operations: Operation[]): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operations).chain(requestFor);
}
