/**
 * Higress kinds, as alibaba/higress helm/core/crds/customresourcedefinitions.gen.yaml declares
 * them: namespaced, status subresource, categories `higress-io` (WasmPlugin also
 * `extensions-higress-io`), no extra printer columns.
 */
import { http2RpcSchema, mcpBridgeSchema, wasmPluginSchema } from '../schemas/higress.js';
import type { ResourceDefinition } from '../types.js';
import { ageColumn, nameColumn } from './columns.js';
import { STORED_VERBS } from './common.js';

export const mcpBridgeKind: ResourceDefinition = {
  group: 'networking.higress.io',
  versions: ['v1'],
  storageVersion: 'v1',
  kind: 'McpBridge',
  listKind: 'McpBridgeList',
  plural: 'mcpbridges',
  singular: 'mcpbridge',
  shortNames: [],
  categories: ['higress-io'],
  scope: 'Namespaced',
  nameFormat: 'dns1123-subdomain',
  verbs: STORED_VERBS,
  schema: mcpBridgeSchema,
  printerColumns: [nameColumn, ageColumn],
  fieldSelectors: [],
  subresources: { status: true },
  encryptAtRest: false,
  listMergeKeys: [],
  custom: true,
  virtual: false,
  description: 'Configuration affecting service discovery from multi registries',
};

export const http2RpcKind: ResourceDefinition = {
  group: 'networking.higress.io',
  versions: ['v1'],
  storageVersion: 'v1',
  kind: 'Http2Rpc',
  listKind: 'Http2RpcList',
  plural: 'http2rpcs',
  singular: 'http2rpc',
  shortNames: [],
  categories: ['higress-io'],
  scope: 'Namespaced',
  nameFormat: 'dns1123-subdomain',
  verbs: STORED_VERBS,
  schema: http2RpcSchema,
  printerColumns: [nameColumn, ageColumn],
  fieldSelectors: [],
  subresources: { status: true },
  encryptAtRest: false,
  listMergeKeys: [],
  custom: true,
  virtual: false,
  description: 'Http2Rpc maps HTTP requests to Dubbo or gRPC services.',
};

export const wasmPluginKind: ResourceDefinition = {
  group: 'extensions.higress.io',
  versions: ['v1alpha1'],
  storageVersion: 'v1alpha1',
  kind: 'WasmPlugin',
  listKind: 'WasmPluginList',
  plural: 'wasmplugins',
  singular: 'wasmplugin',
  shortNames: [],
  categories: ['higress-io', 'extensions-higress-io'],
  scope: 'Namespaced',
  nameFormat: 'dns1123-subdomain',
  verbs: STORED_VERBS,
  schema: wasmPluginSchema,
  printerColumns: [nameColumn, ageColumn],
  fieldSelectors: [],
  subresources: { status: true },
  encryptAtRest: false,
  listMergeKeys: [],
  custom: true,
  virtual: false,
  description:
    'WasmPlugin provides a mechanism to extend the functionality provided by the Higress gateway through WebAssembly filters.',
};

export const higressKinds: readonly ResourceDefinition[] = [mcpBridgeKind, http2RpcKind, wasmPluginKind];
