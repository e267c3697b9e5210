import { describe, expect, it } from 'vitest';
import {
  OBJECT_META_SCHEMA_NAME,
  objectMetaOpenApiSchema,
  openApiSchemaFor,
  openApiSchemaName,
  structuralSchemaFor,
} from './openapi.js';
import { registry } from './registry.js';
import type { ResourceDefinition } from './types.js';

function def(group: string, plural: string): ResourceDefinition {
  const found = registry.entries.find((entry) => entry.group === group && entry.plural === plural);
  if (!found) throw new Error(`no entry ${plural}`);
  return found;
}

/** Keys allowed in an OpenAPI 3.0 schema object as Kubernetes publishes it. */
const ALLOWED_KEYS = new Set([
  'type',
  'format',
  'description',
  'properties',
  'items',
  'required',
  'enum',
  'anyOf',
  'allOf',
  '$ref',
  'additionalProperties',
  'minimum',
  'maximum',
  'nullable',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-map-type',
  'default',
]);

/** Every schema node under a root, with its path. */
function nodes(root: unknown, path = '#'): [string, Record<string, unknown>][] {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return [];
  const node = root as Record<string, unknown>;
  const out: [string, Record<string, unknown>][] = [[path, node]];
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
    out.push(...nodes(child, `${path}.${name}`));
  }
  if (node.items) out.push(...nodes(node.items, `${path}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.push(...nodes(node.additionalProperties, `${path}{}`));
  }
  for (const key of ['anyOf', 'allOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) {
      list.forEach((child, index) => {
        out.push(...nodes(child, `${path}/${key}${index}`));
      });
    }
  }
  return out;
}

function assertOpenApiShape(schema: unknown, label: string): void {
  for (const [path, node] of nodes(schema)) {
    for (const key of Object.keys(node))
      expect(ALLOWED_KEYS.has(key), `${label} ${path} has ${key}`).toBe(true);
    expect(node.additionalProperties, `${label} ${path}`).not.toBe(false);
    if (node.type !== undefined) {
      expect(['object', 'array', 'string', 'integer', 'number', 'boolean'], `${label} ${path}`).toContain(
        node.type,
      );
    }
    if (node.type === 'array') expect(node.items, `${label} ${path} items`).toBeDefined();
  }
}

describe('openApiSchemaFor', () => {
  it.each(registry.entries.map((entry) => [`${entry.plural}.${entry.group || 'core'}`, entry] as const))(
    '%s carries its group-version-kinds and is plain OpenAPI 3.0',
    (_label, entry) => {
      const schema = openApiSchemaFor(entry);
      expect(schema['x-kubernetes-group-version-kind']).toEqual(
        entry.versions.map((version) => ({ group: entry.group, version, kind: entry.kind })),
      );
      expect(schema.type).toBe('object');
      expect(schema.description).toBe(entry.description);
      expect(JSON.stringify(schema)).not.toMatch(/\$schema|~standard|"_zod"|"def"/);
      const properties = schema.properties as Record<string, Record<string, unknown>>;
      expect(properties.metadata).toEqual({
        allOf: [{ $ref: `#/components/schemas/${OBJECT_META_SCHEMA_NAME}` }],
        description: "Standard object's metadata.",
      });
      expect(schema.required ?? []).not.toContain('metadata');
      assertOpenApiShape(schema, entry.kind);
    },
  );

  it('limits the GVK to one version when asked', () => {
    const gateway = def('gateway.networking.k8s.io', 'gateways');
    expect(openApiSchemaFor(gateway, 'v1beta1')['x-kubernetes-group-version-kind']).toEqual([
      { group: 'gateway.networking.k8s.io', version: 'v1beta1', kind: 'Gateway' },
    ]);
  });

  it('marks list types and patch strategies from listMergeKeys', () => {
    const pod = openApiSchemaFor(def('', 'pods')) as {
      properties: {
        spec: {
          properties: Record<
            string,
            Record<string, unknown> & { items: { properties: Record<string, unknown> } }
          >;
        };
      };
    };
    const containers = pod.properties.spec.properties.containers;
    expect(containers).toMatchObject({
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'name',
    });
    expect(containers?.items.properties.env).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name' });
    expect(containers?.items.properties.volumeMounts).toMatchObject({
      'x-kubernetes-patch-merge-key': 'mountPath',
    });
    const endpoints = openApiSchemaFor(def('', 'endpoints')) as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(endpoints.properties.subsets?.['x-kubernetes-list-type']).toBe('atomic');
    expect(endpoints.properties.subsets?.['x-kubernetes-patch-strategy']).toBeUndefined();
  });

  it('marks free-form values as preserving unknown fields and IntOrString as such', () => {
    const envoyFilter = openApiSchemaFor(def('networking.istio.io', 'envoyfilters'));
    const patch = nodes(envoyFilter).find(([path]) => path === '#.spec.configPatches[].patch.value');
    expect(patch?.[1]).toMatchObject({ 'x-kubernetes-preserve-unknown-fields': true });
    const wasm = openApiSchemaFor(def('extensions.higress.io', 'wasmplugins'));
    const defaultConfig = nodes(wasm).find(([path]) => path === '#.spec.defaultConfig');
    expect(defaultConfig?.[1]).toMatchObject({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    const service = openApiSchemaFor(def('', 'services'));
    const targetPort = nodes(service).find(([path]) => path === '#.spec.ports[].targetPort');
    expect(targetPort?.[1]).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      'x-kubernetes-int-or-string': true,
    });
    const port = nodes(service).find(([path]) => path === '#.spec.ports[].port');
    expect(port?.[1]).toMatchObject({ type: 'integer', format: 'int32' });
  });

  it('returns a frozen, cached document', () => {
    const configMap = def('', 'configmaps');
    expect(openApiSchemaFor(configMap)).toBe(openApiSchemaFor(configMap));
    expect(Object.isFrozen(openApiSchemaFor(configMap))).toBe(true);
  });
});

describe('objectMetaOpenApiSchema', () => {
  it('publishes atomic structs, non-pointer struct defaults and multi-key map-lists as kube-openapi', () => {
    const props = (node: unknown) =>
      (node as { properties: Record<string, Record<string, unknown>> }).properties;
    const event = props(openApiSchemaFor(def('', 'events')));
    expect(event.involvedObject).toMatchObject({ default: {}, 'x-kubernetes-map-type': 'atomic' });
    expect(event.related?.default).toBeUndefined();
    const service = props(openApiSchemaFor(def('', 'services')));
    expect(service.spec?.default).toEqual({});
    expect(service.spec?.properties).toMatchObject({
      ports: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] },
    });
    const port = props((props(service.spec).ports as { items: unknown }).items);
    expect(port.protocol?.default).toBe('TCP');
    const binding = props(openApiSchemaFor(def('rbac.authorization.k8s.io', 'rolebindings')));
    expect(binding.roleRef).toMatchObject({ default: {}, 'x-kubernetes-map-type': 'atomic' });
  });

  it('describes ObjectMeta with its list extensions', () => {
    const meta = objectMetaOpenApiSchema() as { properties: Record<string, Record<string, unknown>> };
    assertOpenApiShape(meta, 'ObjectMeta');
    expect(meta.properties.labels).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(meta.properties.finalizers).toMatchObject({
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(meta.properties.ownerReferences).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
      'x-kubernetes-patch-merge-key': 'uid',
      items: { 'x-kubernetes-map-type': 'atomic' },
    });
    expect(meta.properties.creationTimestamp).toEqual({ type: 'string', format: 'date-time' });
  });
});

describe('openApiSchemaName', () => {
  it('names components as upstream does', () => {
    expect(openApiSchemaName(def('', 'configmaps'))).toBe('io.k8s.api.core.v1.ConfigMap');
    expect(openApiSchemaName(def('networking.k8s.io', 'ingresses'))).toBe('io.k8s.api.networking.v1.Ingress');
    expect(openApiSchemaName(def('rbac.authorization.k8s.io', 'roles'))).toBe('io.k8s.api.rbac.v1.Role');
    expect(openApiSchemaName(def('apiextensions.k8s.io', 'customresourcedefinitions'))).toBe(
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    );
    expect(openApiSchemaName(def('networking.higress.io', 'mcpbridges'))).toBe(
      'io.higress.networking.v1.McpBridge',
    );
    expect(openApiSchemaName(def('gateway.networking.k8s.io', 'gateways'), 'v1beta1')).toBe(
      'io.k8s.networking.gateway.v1beta1.Gateway',
    );
  });
});

describe('structuralSchemaFor', () => {
  it('has no $ref and no GVK, and keeps metadata a bare object', () => {
    for (const entry of registry.entries.filter((candidate) => candidate.custom)) {
      const schema = structuralSchemaFor(entry);
      expect(JSON.stringify(schema)).not.toContain('$ref');
      expect(schema['x-kubernetes-group-version-kind']).toBeUndefined();
      expect((schema.properties as Record<string, unknown>).metadata).toEqual({ type: 'object' });
      assertOpenApiShape(schema, entry.kind);
    }
  });
});
