/**
 * core/v1 Pod, after k8s.io/api/core/v1/types.go: the container, volume and status fields clients
 * commonly send. Rarely used volume sources are declared free-form so they are never rejected.
 */
import { z } from 'zod';
import {
  atomicMap,
  conditionSchema,
  freeFormObject,
  int32,
  int64,
  labelSelectorSchema,
  localObjectReferenceSchema,
  quantity,
  stringList,
  stringMap,
  struct,
  timestamp,
  typeMetaShape,
} from './common.js';
import { containerSchema, resourcesSchema, volumeMountSchema } from './container.js';
import { objectMetaSchema } from './meta.js';

const keyToPathSchema = z.object({ key: z.string(), path: z.string(), mode: int32().optional() });

const volumeSchema = z.object({
  name: z.string(),
  hostPath: z.object({ path: z.string(), type: z.string().optional() }).optional(),
  emptyDir: z.object({ medium: z.string().optional(), sizeLimit: quantity().optional() }).optional(),
  secret: z
    .object({
      secretName: z.string().optional(),
      items: z.array(keyToPathSchema).optional(),
      defaultMode: int32().optional(),
      optional: z.boolean().optional(),
    })
    .optional(),
  configMap: z
    .object({
      name: z.string().optional(),
      items: z.array(keyToPathSchema).optional(),
      defaultMode: int32().optional(),
      optional: z.boolean().optional(),
    })
    .optional(),
  persistentVolumeClaim: z.object({ claimName: z.string(), readOnly: z.boolean().optional() }).optional(),
  downwardAPI: freeFormObject().optional(),
  projected: freeFormObject().optional(),
  nfs: freeFormObject().optional(),
  csi: freeFormObject().optional(),
  ephemeral: freeFormObject().optional(),
  image: z.object({ reference: z.string().optional(), pullPolicy: z.string().optional() }).optional(),
  // Legacy and in-tree volume sources: accepted whole so manifests using them are never rejected.
  ...Object.fromEntries(
    [
      'gcePersistentDisk',
      'awsElasticBlockStore',
      'gitRepo',
      'iscsi',
      'glusterfs',
      'rbd',
      'flexVolume',
      'cinder',
      'cephfs',
      'flocker',
      'fc',
      'azureFile',
      'vsphereVolume',
      'quobyte',
      'azureDisk',
      'photonPersistentDisk',
      'portworxVolume',
      'scaleIO',
      'storageos',
    ].map((source) => [source, freeFormObject().optional()]),
  ),
});

const tolerationSchema = z.object({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.string().optional(),
  tolerationSeconds: int64().optional(),
});

const containerStateSchema = z.object({
  waiting: z.object({ reason: z.string().optional(), message: z.string().optional() }).optional(),
  running: z.object({ startedAt: timestamp().optional() }).optional(),
  terminated: z
    .object({
      exitCode: int32(),
      signal: int32().optional(),
      reason: z.string().optional(),
      message: z.string().optional(),
      startedAt: timestamp().optional(),
      finishedAt: timestamp().optional(),
      containerID: z.string().optional(),
    })
    .optional(),
});

const containerStatusSchema = z.object({
  name: z.string(),
  state: containerStateSchema.optional(),
  lastState: containerStateSchema.optional(),
  ready: z.boolean(),
  restartCount: int32(),
  image: z.string(),
  imageID: z.string(),
  containerID: z.string().optional(),
  started: z.boolean().optional(),
  allocatedResources: z.record(z.string(), quantity()).optional(),
  resources: resourcesSchema.optional(),
  volumeMounts: z.array(volumeMountSchema).optional(),
  user: freeFormObject().optional(),
  allocatedResourcesStatus: z.array(freeFormObject()).optional(),
  stopSignal: z.string().optional(),
});

export const podSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: struct(
      z.object({
        volumes: z.array(volumeSchema).optional(),
        initContainers: z.array(containerSchema).optional(),
        containers: z.array(containerSchema),
        ephemeralContainers: z.array(freeFormObject()).optional(),
        restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
        terminationGracePeriodSeconds: int64().optional(),
        activeDeadlineSeconds: int64().optional(),
        dnsPolicy: z.string().optional(),
        nodeSelector: atomicMap(stringMap()).optional(),
        serviceAccountName: z.string().optional(),
        serviceAccount: z.string().optional(),
        automountServiceAccountToken: z.boolean().optional(),
        nodeName: z.string().optional(),
        hostNetwork: z.boolean().optional(),
        hostPID: z.boolean().optional(),
        hostIPC: z.boolean().optional(),
        shareProcessNamespace: z.boolean().optional(),
        securityContext: freeFormObject().optional(),
        imagePullSecrets: z.array(localObjectReferenceSchema).optional(),
        hostname: z.string().optional(),
        subdomain: z.string().optional(),
        affinity: freeFormObject().optional(),
        schedulerName: z.string().optional(),
        tolerations: z.array(tolerationSchema).optional(),
        hostAliases: z.array(z.object({ ip: z.string(), hostnames: stringList().optional() })).optional(),
        priorityClassName: z.string().optional(),
        priority: int32().optional(),
        dnsConfig: z
          .object({
            nameservers: stringList().optional(),
            searches: stringList().optional(),
            options: z
              .array(z.object({ name: z.string().optional(), value: z.string().optional() }))
              .optional(),
          })
          .optional(),
        readinessGates: z.array(z.object({ conditionType: z.string() })).optional(),
        runtimeClassName: z.string().optional(),
        enableServiceLinks: z.boolean().optional(),
        preemptionPolicy: z.string().optional(),
        overhead: z.record(z.string(), quantity()).optional(),
        topologySpreadConstraints: z
          .array(
            z.object({
              maxSkew: int32(),
              topologyKey: z.string(),
              whenUnsatisfiable: z.string(),
              labelSelector: labelSelectorSchema.optional(),
              minDomains: int32().optional(),
              nodeAffinityPolicy: z.string().optional(),
              nodeTaintsPolicy: z.string().optional(),
              matchLabelKeys: stringList().optional(),
            }),
          )
          .optional(),
        setHostnameAsFQDN: z.boolean().optional(),
        os: z.object({ name: z.string() }).optional(),
        hostUsers: z.boolean().optional(),
        schedulingGates: z.array(z.object({ name: z.string() })).optional(),
        resourceClaims: z.array(freeFormObject()).optional(),
        resources: resourcesSchema.optional(),
      }),
    ).optional(),
    status: struct(
      z.object({
        observedGeneration: int64().optional(),
        phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']).optional(),
        conditions: z
          .array(
            conditionSchema.extend({
              lastProbeTime: timestamp().optional(),
            }),
          )
          .optional(),
        message: z.string().optional(),
        reason: z.string().optional(),
        nominatedNodeName: z.string().optional(),
        hostIP: z.string().optional(),
        hostIPs: z.array(z.object({ ip: z.string() })).optional(),
        podIP: z.string().optional(),
        podIPs: z.array(z.object({ ip: z.string() })).optional(),
        startTime: timestamp().optional(),
        initContainerStatuses: z.array(containerStatusSchema).optional(),
        containerStatuses: z.array(containerStatusSchema).optional(),
        qosClass: z.string().optional(),
        ephemeralContainerStatuses: z.array(containerStatusSchema).optional(),
        resize: z.string().optional(),
        resourceClaimStatuses: z.array(freeFormObject()).optional(),
      }),
    ).optional(),
  })
  .describe('Pod is a collection of containers that can run on a host.');

export type Pod = z.infer<typeof podSchema>;
