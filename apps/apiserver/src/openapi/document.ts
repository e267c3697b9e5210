/**
 * OpenAPI v3 documents, one per served group-version, each self-contained (paths plus every
 * schema they reference), as upstream's /openapi/v3/<gv> (k8s.io/kube-openapi/pkg/handler3).
 */
import { openApiSchemaFor, openApiSchemaName, type Registry, type ResourceDefinition } from '@hs/resources';
import { META, metaSchemas, ref } from './meta-schemas.js';
import { resourcePaths } from './paths.js';
import { listSchemaName } from './schema-names.js';

type Schema = Record<string, unknown>;

function listSchema(def: ResourceDefinition, version: string): Schema {
  return {
    type: 'object',
    description: `${def.listKind} is a list of ${def.kind} objects.`,
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      items: { type: 'array', items: ref(openApiSchemaName(def, version)) },
      kind: { type: 'string' },
      metadata: { allOf: [ref(`${META}.ListMeta`)], default: {} },
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, kind: def.listKind, version }],
  };
}

export function groupVersionDocument(
  registry: Registry,
  group: string,
  version: string,
  serverVersion: string,
) {
  const schemas: Record<string, Schema> = { ...metaSchemas };
  const paths: Record<string, unknown> = {};
  for (const def of registry.resourcesFor(group, version)) {
    schemas[openApiSchemaName(def, version)] = openApiSchemaFor(def, version);
    if (!def.virtual) schemas[listSchemaName(def, version)] = listSchema(def, version);
    Object.assign(paths, resourcePaths(def, version));
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: serverVersion },
    paths,
    components: { schemas },
  };
}
