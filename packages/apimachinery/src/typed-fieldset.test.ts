import { type OpenApiSchema, type ResourceDefinition, registry } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { FieldSet } from './field-set.js';
import { compareObjects, toFieldSet } from './typed-fieldset.js';
import { kindSchema, typeFromOpenApi } from './typed-schema.js';

/** One schema with a field of every kind the per-type rules distinguish. */
const schema: OpenApiSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer' },
        template: { type: 'object', properties: { image: { type: 'string' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        nested: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { a: { type: 'string' } } },
        },
        ref: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { name: { type: 'string' } } },
        args: { type: 'array', items: { type: 'string' } },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: {
            type: 'object',
            properties: {
              port: { type: 'integer' },
              protocol: { type: 'string', default: 'TCP' },
              name: { type: 'string' },
            },
          },
        },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};
const type = typeFromOpenApi(schema);
const fields = (obj: Record<string, unknown>) => toFieldSet(obj, type).toFieldsV1();

describe('toFieldSet: per-type membership (tofieldset.go)', () => {
  it('a struct is no member when it has content, only its leaves are', () => {
    expect(fields({ spec: { replicas: 1, template: { image: 'x' } } })).toEqual({
      'f:spec': { 'f:replicas': {}, 'f:template': { 'f:image': {} } },
    });
  });

  it('an empty struct or a null field is a member', () => {
    expect(fields({ spec: { template: {}, replicas: null } })).toEqual({
      'f:spec': { 'f:replicas': {}, 'f:template': {} },
    });
  });

  it('every map entry is a member, with "." when it has children', () => {
    expect(fields({ spec: { labels: { a: 'b' }, nested: { k: { a: 'x' } } } })).toEqual({
      'f:spec': { 'f:labels': { 'f:a': {} }, 'f:nested': { 'f:k': { '.': {}, 'f:a': {} } } },
    });
  });

  it('an atomic map and an atomic list are single leaves', () => {
    expect(fields({ spec: { ref: { name: 'x' }, args: ['a', 'b'] } })).toEqual({
      'f:spec': { 'f:args': {}, 'f:ref': {} },
    });
  });

  it('set items are v: members, map-list items k: members keyed by all keys (defaults filled)', () => {
    expect(fields({ spec: { tags: ['x'], ports: [{ port: 80, name: 'http' }] } })).toEqual({
      'f:spec': {
        'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
        'f:tags': { 'v:"x"': {} },
      },
    });
  });

  it('free-form (deduced) objects track every key as a map entry', () => {
    expect(fields({ spec: { config: { a: { b: 1 } } } })).toEqual({
      'f:spec': { 'f:config': { 'f:a': { '.': {}, 'f:b': {} } } },
    });
  });
});

describe('compareObjects: what an Update owns (compare.go)', () => {
  const owned = (l: Record<string, unknown>, r: Record<string, unknown>) => {
    const c = compareObjects(l, r, type);
    return c.added.union(c.modified).toFieldsV1();
  };

  it('marks containers it adds with "." but not a struct the zero object already holds', () => {
    expect(owned({ spec: {} }, { spec: { template: { image: 'x' }, labels: { a: 'b' } } })).toEqual({
      'f:spec': { 'f:labels': { '.': {}, 'f:a': {} }, 'f:template': { '.': {}, 'f:image': {} } },
    });
    expect(owned({}, { spec: { replicas: 1 } })).toEqual({ 'f:spec': { '.': {}, 'f:replicas': {} } });
  });

  it('treats a null on the left as present: the list it becomes is not added itself', () => {
    expect(owned({ spec: { tags: null } }, { spec: { tags: ['x'] } })).toEqual({
      'f:spec': { 'f:tags': { 'v:"x"': {} } },
    });
  });

  it('owns an atomic map or list as one leaf when any part changes', () => {
    const l = { spec: { ref: { name: 'a' }, args: ['x'] } };
    expect(owned(l, { spec: { ref: { name: 'b' }, args: ['x', 'y'] } })).toEqual({
      'f:spec': { 'f:args': {}, 'f:ref': {} },
    });
    expect(owned(l, l)).toEqual({});
  });

  it('adds, modifies and removes map-list items by key', () => {
    const c = compareObjects(
      { spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] } },
      {
        spec: {
          ports: [
            { port: 80, name: 'http' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      },
      type,
    );
    expect(c.added.toFieldsV1()).toEqual({
      'f:spec': {
        'f:ports': {
          'k:{"port":53,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} },
          'k:{"port":80,"protocol":"TCP"}': { 'f:name': {} },
        },
      },
    });
    expect(c.removed.toFieldsV1()).toEqual({
      'f:spec': {
        'f:ports': { 'k:{"port":53,"protocol":"UDP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} } },
      },
    });
    expect(c.modified.isEmpty()).toBe(true);
  });
});

describe('kindSchema: the zero object of a registry entry', () => {
  const entry = (group: string, plural: string) =>
    registry.entries.find((d) => d.group === group && d.plural === plural) as ResourceDefinition;

  it('holds non-pointer structs as {} and required fields as null', () => {
    expect(kindSchema(entry('', 'pods')).zero()).toEqual({ spec: { containers: null }, status: {} });
    expect(kindSchema(entry('', 'services')).zero()).toEqual({ spec: {}, status: { loadBalancer: {} } });
    expect(kindSchema(entry('', 'configmaps')).zero()).toEqual({});
  });

  it('is empty for custom resources (an Unstructured object)', () => {
    const custom = registry.entries.find((d) => d.custom && d.kind === 'McpBridge') as ResourceDefinition;
    expect(kindSchema(custom).zero()).toEqual({});
    const set = toFieldSet({ spec: { registries: [] } }, kindSchema(custom).type);
    expect(set.equals(new FieldSet([['f:spec', 'f:registries']]))).toBe(true);
  });
});
