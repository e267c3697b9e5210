/**
 * Higress kinds, as alibaba/higress helm/core/crds/customresourcedefinitions.gen.yaml declares
 * them: namespaced, status subresource, categories `higress-io` (WasmPlugin also
 * `extensions-higress-io`), no extra printer columns.
 */
import { http2RpcSchema, mcpBridgeSchema, wasmPluginSchema } from '../schemas/higress.js';
import type { ResourceDefinition } from '../types.js';
import { customKind } from './common.js';

export const mcpBridgeKind = customKind({
  group: 'networking.higress.io',
  versions: ['v1'],
  kind: 'McpBridge',
  plural: 'mcpbridges',
  singular: 'mcpbridge',
  categories: ['higress-io'],
  schema: mcpBridgeSchema,
  description: 'Configuration affecting service discovery from multi registries',
});

export const http2RpcKind = customKind({
  group: 'networking.higress.io',
  versions: ['v1'],
  kind: 'Http2Rpc',
  plural: 'http2rpcs',
  singular: 'http2rpc',
  categories: ['higress-io'],
  schema: http2RpcSchema,
  description: 'Http2Rpc maps HTTP requests to Dubbo or gRPC services.',
});

export const wasmPluginKind = customKind({
  group: 'extensions.higress.io',
  versions: ['v1alpha1'],
  kind: 'WasmPlugin',
  plural: 'wasmplugins',
  singular: 'wasmplugin',
  categories: ['higress-io', 'extensions-higress-io'],
  schema: wasmPluginSchema,
  description:
    'WasmPlugin provides a mechanism to extend the functionality provided by the Higress gateway through WebAssembly filters.',
});

export const higressKinds: readonly ResourceDefinition[] = [mcpBridgeKind, http2RpcKind, wasmPluginKind];
