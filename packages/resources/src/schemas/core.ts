/**
 * core/v1 kinds except Pod (see pod.ts), after k8s.io/api/core/v1/types.go.
 */
import { z } from 'zod';
import {
  atomicMap,
  conditionSchema,
  freeFormObject,
  int32,
  int64,
  intOrString,
  localObjectReferenceSchema,
  objectReferenceSchema,
  portNumber,
  quantity,
  stringList,
  stringMap,
  struct,
  timestamp,
  typeMetaShape,
} from './common.js';
import { objectMetaSchema } from './meta.js';

export const configMapSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    data: stringMap()
      .describe(
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field.",
      )
      .optional(),
    binaryData: stringMap()
      .describe('BinaryData contains the binary data, base64 encoded. Keys must not also appear in Data.')
      .optional(),
    immutable: z
      .boolean()
      .describe('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.')
      .optional(),
  })
  .describe('ConfigMap holds configuration data for pods to consume.');

export const secretSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    data: stringMap()
      .describe('Data contains the secret data, each value base64 encoded. Keys must be valid config keys.')
      .optional(),
    stringData: stringMap()
      .describe(
        'stringData allows specifying non-binary secret data in string form. It is write-only: merged into data on write, never output when reading.',
      )
      .optional(),
    type: z
      .string()
      .describe('Used to facilitate programmatic handling of secret data. Defaults to Opaque.')
      .optional(),
    immutable: z
      .boolean()
      .describe('Immutable, if set to true, ensures that data stored in the Secret cannot be updated.')
      .optional(),
  })
  .describe('Secret holds secret data of a certain type. Values in data are base64 encoded.');

export const namespaceSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: struct(z.object({ finalizers: stringList().optional() })).optional(),
    status: struct(
      z.object({
        phase: z.enum(['Active', 'Terminating']).optional(),
        conditions: z
          .array(
            z.object({
              type: z.string(),
              status: z.string(),
              lastTransitionTime: timestamp().optional(),
              reason: z.string().optional(),
              message: z.string().optional(),
            }),
          )
          .optional(),
      }),
    ).optional(),
  })
  .describe('Namespace provides a scope for Names.');

export const servicePortSchema = z.object({
  name: z.string().optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).meta({ default: 'TCP' }).optional(),
  appProtocol: z.string().optional(),
  port: portNumber(),
  targetPort: intOrString().optional(),
  nodePort: int32().optional(),
});

const portStatusSchema = z.object({
  port: int32(),
  protocol: z.string(),
  error: z.string().optional(),
});

export const loadBalancerStatusSchema = z.object({
  ingress: z
    .array(
      z.object({
        ip: z.string().optional(),
        hostname: z.string().optional(),
        ipMode: z.string().optional(),
        ports: z.array(portStatusSchema).optional(),
      }),
    )
    .optional(),
});

export const serviceSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: struct(
      z.object({
        ports: z.array(servicePortSchema).optional(),
        selector: atomicMap(stringMap()).optional(),
        clusterIP: z.string().optional(),
        clusterIPs: stringList().optional(),
        type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
        externalIPs: stringList().optional(),
        sessionAffinity: z.enum(['ClientIP', 'None']).optional(),
        loadBalancerIP: z.string().optional(),
        loadBalancerSourceRanges: stringList().optional(),
        externalName: z.string().optional(),
        externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
        healthCheckNodePort: int32().optional(),
        publishNotReadyAddresses: z.boolean().optional(),
        sessionAffinityConfig: z
          .object({ clientIP: z.object({ timeoutSeconds: int32().optional() }).optional() })
          .optional(),
        ipFamilies: z.array(z.enum(['IPv4', 'IPv6'])).optional(),
        ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional(),
        allocateLoadBalancerNodePorts: z.boolean().optional(),
        loadBalancerClass: z.string().optional(),
        internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
        trafficDistribution: z.string().optional(),
      }),
    ).optional(),
    status: struct(
      z.object({
        loadBalancer: struct(loadBalancerStatusSchema).optional(),
        conditions: z.array(conditionSchema).optional(),
      }),
    ).optional(),
  })
  .describe(
    'Service is a named abstraction of software service (for example, mysql) consisting of local port.',
  );

const endpointAddressSchema = z.object({
  ip: z.string(),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  targetRef: objectReferenceSchema.optional(),
});

export const endpointPortSchema = z.object({
  name: z.string().optional(),
  port: int32(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).meta({ default: 'TCP' }).optional(),
  appProtocol: z.string().optional(),
});

export const endpointsSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    subsets: z
      .array(
        z.object({
          addresses: z.array(endpointAddressSchema).optional(),
          notReadyAddresses: z.array(endpointAddressSchema).optional(),
          ports: z.array(endpointPortSchema).optional(),
        }),
      )
      .optional(),
  })
  .describe('Endpoints is a collection of endpoints that implement the actual service.');

const taintSchema = z.object({
  key: z.string(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  timeAdded: timestamp().optional(),
});

export const nodeSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: struct(
      z.object({
        podCIDR: z.string().optional(),
        podCIDRs: stringList().optional(),
        providerID: z.string().optional(),
        unschedulable: z.boolean().optional(),
        taints: z.array(taintSchema).optional(),
        externalID: z.string().optional(),
        configSource: freeFormObject().optional(),
      }),
    ).optional(),
    status: struct(
      z.object({
        capacity: z.record(z.string(), quantity()).optional(),
        allocatable: z.record(z.string(), quantity()).optional(),
        phase: z.string().optional(),
        conditions: z
          .array(
            z.object({
              type: z.string(),
              status: z.string(),
              lastHeartbeatTime: timestamp().optional(),
              lastTransitionTime: timestamp().optional(),
              reason: z.string().optional(),
              message: z.string().optional(),
            }),
          )
          .optional(),
        addresses: z.array(z.object({ type: z.string(), address: z.string() })).optional(),
        daemonEndpoints: struct(
          z.object({ kubeletEndpoint: struct(z.object({ Port: int32() })).optional() }),
        ).optional(),
        nodeInfo: struct(
          z.object({
            machineID: z.string(),
            systemUUID: z.string(),
            bootID: z.string(),
            kernelVersion: z.string(),
            osImage: z.string(),
            containerRuntimeVersion: z.string(),
            kubeletVersion: z.string(),
            kubeProxyVersion: z.string().optional(),
            swap: freeFormObject().optional(),
            operatingSystem: z.string(),
            architecture: z.string(),
          }),
        ).optional(),
        images: z
          .array(z.object({ names: stringList().optional(), sizeBytes: int64().optional() }))
          .optional(),
        volumesInUse: stringList().optional(),
        volumesAttached: z.array(z.object({ name: z.string(), devicePath: z.string() })).optional(),
        config: freeFormObject().optional(),
        runtimeHandlers: z.array(freeFormObject()).optional(),
        features: freeFormObject().optional(),
      }),
    ).optional(),
  })
  .describe('Node is a worker node in Kubernetes.');

export const eventSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    involvedObject: struct(objectReferenceSchema),
    reason: z.string().optional(),
    message: z.string().optional(),
    source: struct(z.object({ component: z.string().optional(), host: z.string().optional() })).optional(),
    firstTimestamp: timestamp().optional(),
    lastTimestamp: timestamp().optional(),
    count: int32().optional(),
    type: z.string().optional(),
    eventTime: timestamp().optional(),
    series: z.object({ count: int32().optional(), lastObservedTime: timestamp().optional() }).optional(),
    action: z.string().optional(),
    related: objectReferenceSchema.optional(),
    reportingComponent: z.string().optional(),
    reportingInstance: z.string().optional(),
  })
  .describe('Event is a report of an event somewhere in the cluster.');

export const serviceAccountSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    secrets: z.array(objectReferenceSchema).optional(),
    imagePullSecrets: z.array(localObjectReferenceSchema).optional(),
    automountServiceAccountToken: z.boolean().optional(),
  })
  .describe(
    'ServiceAccount binds together a name, a principal that can be authenticated, and a set of secrets.',
  );

export type ConfigMap = z.infer<typeof configMapSchema>;
export type Secret = z.infer<typeof secretSchema>;
export type Namespace = z.infer<typeof namespaceSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Endpoints = z.infer<typeof endpointsSchema>;
export type Node = z.infer<typeof nodeSchema>;
export type Event = z.infer<typeof eventSchema>;
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;
