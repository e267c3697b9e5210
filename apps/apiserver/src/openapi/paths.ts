/**
 * OpenAPI v3 path items for one resource at one version, in the shape of upstream's generated
 * spec (k8s.io/apiserver/pkg/endpoints/installer.go): one operation per declared verb, each with
 * `x-kubernetes-action` and `x-kubernetes-group-version-kind`; PATCH carries `fieldValidation`,
 * which is what makes kubectl validate on the server.
 */
import { apiPath, openApiSchemaName, type ResourceDefinition, type Verb } from '@hs/resources';
import { META, ref } from './meta-schemas.js';
import { listSchemaName } from './schema-names.js';

const query = (name: string, type = 'string', description?: string) => ({
  name,
  in: 'query',
  ...(description ? { description } : {}),
  schema: { type, uniqueItems: true },
});
const pathParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const WRITE_PARAMS = [
  query('dryRun', 'string', 'When present, indicates that modifications should not be persisted.'),
  query(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  query(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are Ignore, Warn and Strict.',
  ),
];
const LIST_PARAMS = [
  'allowWatchBookmarks:boolean',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit:integer',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents:boolean',
  'timeoutSeconds:integer',
  'watch:boolean',
].map((p) => {
  const [name = '', type = 'string'] = p.split(':');
  return query(name, type);
});

const json = (schemaRef: string) => ({
  'application/json': { schema: ref(schemaRef) },
  'application/yaml': { schema: ref(schemaRef) },
});

type Op = Record<string, unknown>;

export function resourcePaths(
  def: ResourceDefinition,
  version: string,
): Record<string, Record<string, unknown>> {
  const prefix = apiPath(def.group, version);
  const gvk = { group: def.group, version, kind: def.kind };
  const obj = openApiSchemaName(def, version);
  const list = listSchemaName(def, version);
  const has = (verb: Verb) => def.verbs.includes(verb);
  const op = (action: string, id: string, extra: Op): Op => ({
    description: `${action} ${def.kind}`,
    operationId: `${id}${def.kind}`,
    tags: [def.group || 'core'],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    ...extra,
  });
  const ok = (schema: string, codes: string[] = ['200']) => ({
    responses: Object.fromEntries(codes.map((c) => [c, { description: 'OK', content: json(schema) }])),
  });
  const body = (schema: string) => ({ requestBody: { content: json(schema), required: true } });
  const patchBody = {
    requestBody: {
      content: {
        'application/apply-patch+yaml': { schema: ref(`${META}.Patch`) },
        'application/json-patch+json': { schema: ref(`${META}.Patch`) },
        'application/merge-patch+json': { schema: ref(`${META}.Patch`) },
        ...(def.custom ? {} : { 'application/strategic-merge-patch+json': { schema: ref(`${META}.Patch`) } }),
      },
      required: true,
    },
  };
  const ns = def.scope === 'Namespaced';
  const collection = ns ? `${prefix}/namespaces/{namespace}/${def.plural}` : `${prefix}/${def.plural}`;
  const scopeParams = ns ? [pathParam('namespace')] : [];
  const paths: Record<string, Record<string, unknown>> = {};

  const coll: Record<string, unknown> = { parameters: scopeParams };
  if (has('list')) coll.get = op('list', 'list', { parameters: LIST_PARAMS, ...ok(list) });
  if (has('create'))
    coll.post = op('post', 'create', {
      parameters: WRITE_PARAMS,
      ...body(obj),
      ...ok(obj, ['200', '201', '202']),
    });
  if (has('deletecollection'))
    coll.delete = op('deletecollection', 'deleteCollection', {
      parameters: LIST_PARAMS,
      ...ok(`${META}.Status`),
    });
  paths[collection] = coll;

  const item: Record<string, unknown> = { parameters: [pathParam('name'), ...scopeParams] };
  if (has('get')) item.get = op('get', 'read', ok(obj));
  if (has('update'))
    item.put = op('put', 'replace', { parameters: WRITE_PARAMS, ...body(obj), ...ok(obj, ['200', '201']) });
  if (has('patch'))
    item.patch = op('patch', 'patch', {
      parameters: [...WRITE_PARAMS, query('force', 'boolean')],
      ...patchBody,
      ...ok(obj, ['200', '201']),
    });
  if (has('delete'))
    item.delete = op('delete', 'delete', { ...body(`${META}.DeleteOptions`), ...ok(obj, ['200', '202']) });
  if (Object.keys(item).length > 1) paths[`${collection}/{name}`] = item;

  if (def.subresources.status) {
    paths[`${collection}/{name}/status`] = {
      parameters: [pathParam('name'), ...scopeParams],
      get: op('get', 'readStatus', ok(obj)),
      put: op('put', 'replaceStatus', { parameters: WRITE_PARAMS, ...body(obj), ...ok(obj, ['200', '201']) }),
      patch: op('patch', 'patchStatus', {
        parameters: [...WRITE_PARAMS, query('force', 'boolean')],
        ...patchBody,
        ...ok(obj, ['200', '201']),
      }),
    };
  }
  if (ns && has('list')) {
    paths[`${prefix}/${def.plural}`] = {
      get: op('list', 'listForAllNamespaces', { parameters: LIST_PARAMS, ...ok(list) }),
    };
  }
  return paths;
}
