import { describe, expect, it } from 'vitest';
import { registry } from './registry.js';
import type { ResourceDefinition } from './types.js';
import { findUnknownFields, pruneUnknownFields } from './validate.js';

function def(group: string, plural: string): ResourceDefinition {
  const found = registry.entries.find((entry) => entry.group === group && entry.plural === plural);
  if (!found) throw new Error(`no entry ${plural}`);
  return found;
}

const mcpBridge = def('networking.higress.io', 'mcpbridges');
const configMap = def('', 'configmaps');
const service = def('', 'services');

function bridge(registries: unknown[]) {
  return {
    apiVersion: 'networking.higress.io/v1',
    kind: 'McpBridge',
    metadata: { name: 'default', namespace: 'higress-system' },
    spec: { registries },
  };
}

describe('findUnknownFields', () => {
  it('finds exactly the undeclared paths, at any depth', () => {
    const object = {
      apiVersion: 'networking.higress.io/v1',
      kind: 'McpBridge',
      metadata: { name: 'default', bogusMeta: true, labels: { any: 'label' } },
      spec: {
        bogus: 1,
        registries: [
          { type: 'dns', domain: 'a', port: 1 },
          { type: 'dns', domain: 'b', port: 2, nope: 'x', vport: { default: 1, extra: 2 } },
        ],
      },
      status: { anything: { goes: true } },
    };
    expect(findUnknownFields(mcpBridge, object)).toEqual([
      'metadata.bogusMeta',
      'spec.bogus',
      'spec.registries[1].nope',
      'spec.registries[1].vport.extra',
    ]);
  });

  it('reports top-level unknown fields by name, as upstream strict decoding does', () => {
    expect(
      findUnknownFields(configMap, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        bogus: 1,
      }),
    ).toEqual(['bogus']);
  });

  it('never reports inside free-form values', () => {
    const envoyFilter = def('networking.istio.io', 'envoyfilters');
    const wasmPlugin = def('extensions.higress.io', 'wasmplugins');
    const crd = def('apiextensions.k8s.io', 'customresourcedefinitions');
    expect(
      findUnknownFields(envoyFilter, {
        apiVersion: 'networking.istio.io/v1alpha3',
        kind: 'EnvoyFilter',
        metadata: { name: 'f' },
        spec: {
          configPatches: [
            { applyTo: 'CLUSTER', patch: { operation: 'ADD', value: { any: { deep: [1] } } }, nope: 1 },
          ],
        },
      }),
    ).toEqual(['spec.configPatches[0].nope']);
    expect(
      findUnknownFields(wasmPlugin, {
        apiVersion: 'extensions.higress.io/v1alpha1',
        kind: 'WasmPlugin',
        metadata: { name: 'p' },
        spec: {
          defaultConfig: { x: 1 },
          pluginConfig: { y: 2 },
          matchRules: [{ config: { z: [{}] }, extra: 1 }],
        },
      }),
    ).toEqual(['spec.matchRules[0].extra']);
    expect(
      findUnknownFields(crd, {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'a.b' },
        spec: {
          group: 'b',
          names: { plural: 'a', kind: 'A' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', whatever: 1 } },
            },
          ],
        },
      }),
    ).toEqual([]);
  });

  it('looks into IntOrString and map values without false positives', () => {
    expect(
      findUnknownFields(service, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's', annotations: { 'a/b': 'c' } },
        spec: { ports: [{ port: 80, targetPort: 'http', nope: 1 }], selector: { app: 'x' } },
      }),
    ).toEqual(['spec.ports[0].nope']);
  });
});

describe('pruneUnknownFields', () => {
  it('drops undeclared fields, keeps free-form values whole and leaves the input unchanged', () => {
    const envoyFilter = def('networking.istio.io', 'envoyfilters');
    const input = {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: { name: 'f', bogus: 1, labels: { a: 'b' } },
      spec: {
        extra: true,
        configPatches: [
          { applyTo: 'CLUSTER', nope: 1, patch: { operation: 'ADD', value: { any: { deep: [1] } } } },
        ],
      },
    };
    const snapshot = structuredClone(input);
    expect(pruneUnknownFields(envoyFilter, input)).toEqual({
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: { name: 'f', labels: { a: 'b' } },
      spec: {
        configPatches: [{ applyTo: 'CLUSTER', patch: { operation: 'ADD', value: { any: { deep: [1] } } } }],
      },
    });
    expect(input).toEqual(snapshot);
  });

  it('returns a valid object unchanged', () => {
    const object = bridge([{ type: 'dns', domain: 'console.svc', port: 8080, vport: { default: 80 } }]);
    expect(pruneUnknownFields(mcpBridge, object)).toEqual(object);
  });
});
