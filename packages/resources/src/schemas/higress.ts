/**
 * Higress kinds, after alibaba/higress api/networking/v1/mcp_bridge.proto, api/extensions/v1alpha1
 * and the generated CRDs in helm/core/crds/customresourcedefinitions.gen.yaml.
 */
import { z } from 'zod';
import { freeFormObject, int64, stringList, typeMetaShape } from './common.js';
import { objectMetaSchema } from './meta.js';

const registryConfigSchema = z.object({
  type: z
    .string()
    .describe('Registry type: nacos, nacos2, nacos3, zookeeper, consul, eureka, static or dns.'),
  name: z.string().optional(),
  domain: z.string(),
  port: z.number().int().min(0).max(4294967295),
  nacosAddressServer: z.string().optional(),
  nacosAccessKey: z.string().optional(),
  nacosSecretKey: z.string().optional(),
  nacosNamespaceId: z.string().optional(),
  nacosNamespace: z.string().optional(),
  nacosGroups: stringList().optional(),
  nacosRefreshInterval: int64().optional(),
  nacosTimeout: int64().optional(),
  consulNamespace: z.string().optional(),
  zkServicesPath: stringList().optional(),
  consulDatacenter: z.string().optional(),
  consulServiceTag: z.string().optional(),
  consulRefreshInterval: int64().optional(),
  authSecretName: z.string().optional(),
  protocol: z.string().optional(),
  sni: z.string().optional(),
  mcpServerExportDomains: stringList().optional(),
  mcpServerBaseUrl: z.string().optional(),
  enableMCPServer: z.boolean().optional(),
  enableScopeMcpServers: z.boolean().optional(),
  allowMcpServers: stringList().optional(),
  metadata: z
    .record(z.string(), z.object({ innerMap: z.record(z.string(), z.string()).optional() }))
    .optional(),
  proxyName: z.string().optional(),
  vport: z
    .object({
      default: z.number().int().min(0).optional(),
      services: z
        .array(z.object({ name: z.string().optional(), value: z.number().int().min(0).optional() }))
        .optional(),
    })
    .optional(),
});

const proxyConfigSchema = z.object({
  type: z.string().optional(),
  name: z.string().optional(),
  serverAddress: z.string().optional(),
  serverPort: z.number().int().min(0).optional(),
  listenerPort: z.number().int().min(0).optional(),
  connectTimeout: z.number().int().min(0).optional(),
});

export const mcpBridgeSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z
      .object({
        registries: z.array(registryConfigSchema).optional(),
        proxies: z.array(proxyConfigSchema).optional(),
      })
      .optional(),
    status: freeFormObject().optional(),
  })
  .describe('Configuration affecting service discovery from multi registries.');

const http2RpcMethodSchema = z.object({
  serviceMethod: z.string().optional(),
  headersAttach: z.string().optional(),
  httpMethods: stringList().optional(),
  httpPath: z.string().optional(),
  params: z
    .array(
      z.object({
        paramKey: z.string().optional(),
        paramSource: z.string().optional(),
        paramType: z.string().optional(),
      }),
    )
    .optional(),
  paramFromEntireBody: z.object({ paramType: z.string().optional() }).optional(),
});

export const http2RpcSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z
      .object({
        dubbo: z
          .object({
            service: z.string().optional(),
            version: z.string().optional(),
            group: z.string().optional(),
            methods: z.array(http2RpcMethodSchema).optional(),
          })
          .optional(),
        grpc: freeFormObject().optional(),
      })
      .optional(),
    status: freeFormObject().optional(),
  })
  .describe('Http2Rpc maps HTTP requests to Dubbo or gRPC calls.');

export const wasmPluginSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z
      .object({
        url: z.string().optional(),
        sha256: z.string().optional(),
        imagePullPolicy: z.enum(['UNSPECIFIED_POLICY', 'IfNotPresent', 'Always']).optional(),
        imagePullSecret: z.string().optional(),
        verificationKey: z.string().optional(),
        pluginConfig: freeFormObject().optional(),
        pluginName: z.string().optional(),
        phase: z.enum(['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS']).optional(),
        priority: z.number().int().optional(),
        failStrategy: z.enum(['FAIL_CLOSE', 'FAIL_OPEN']).optional(),
        vmConfig: z
          .object({
            env: z
              .array(
                z.object({
                  name: z.string().optional(),
                  value: z.string().optional(),
                  valueFrom: z.enum(['INLINE', 'HOST']).optional(),
                }),
              )
              .optional(),
          })
          .optional(),
        defaultConfig: freeFormObject().optional(),
        defaultConfigDisable: z.boolean().optional(),
        matchRules: z
          .array(
            z.object({
              ingress: stringList().optional(),
              domain: stringList().optional(),
              service: stringList().optional(),
              config: freeFormObject().optional(),
              configDisable: z.boolean().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
    status: freeFormObject().optional(),
  })
  .describe('WasmPlugin provides a mechanism to extend the functionality provided by the Higress gateway.');

export type McpBridge = z.infer<typeof mcpBridgeSchema>;
export type Http2Rpc = z.infer<typeof http2RpcSchema>;
export type WasmPlugin = z.infer<typeof wasmPluginSchema>;
