/** core/v1 Container and its parts (k8s.io/api/core/v1/types.go), shared by Pod specs. */
import { z } from 'zod';
import {
  atomicMap,
  freeFormObject,
  int32,
  int64,
  intOrString,
  quantity,
  stringList,
  stringMap,
  struct,
} from './common.js';

const keySelector = atomicMap(
  z.object({
    name: z.string().optional(),
    key: z.string(),
    optional: z.boolean().optional(),
  }),
);

const envVarSchema = z.object({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z
    .object({
      fieldRef: atomicMap(z.object({ apiVersion: z.string().optional(), fieldPath: z.string() })).optional(),
      resourceFieldRef: atomicMap(
        z.object({
          containerName: z.string().optional(),
          resource: z.string(),
          divisor: quantity().optional(),
        }),
      ).optional(),
      configMapKeyRef: keySelector.optional(),
      secretKeyRef: keySelector.optional(),
    })
    .optional(),
});

const envFromSchema = z.object({
  prefix: z.string().optional(),
  configMapRef: z.object({ name: z.string().optional(), optional: z.boolean().optional() }).optional(),
  secretRef: z.object({ name: z.string().optional(), optional: z.boolean().optional() }).optional(),
});

const containerPortSchema = z.object({
  name: z.string().optional(),
  hostPort: int32().optional(),
  containerPort: int32(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).meta({ default: 'TCP' }).optional(),
  hostIP: z.string().optional(),
});

export const resourcesSchema = z.object({
  limits: z.record(z.string(), quantity()).optional(),
  requests: z.record(z.string(), quantity()).optional(),
  claims: z.array(z.object({ name: z.string(), request: z.string().optional() })).optional(),
});

export const volumeMountSchema = z.object({
  name: z.string(),
  readOnly: z.boolean().optional(),
  recursiveReadOnly: z.string().optional(),
  mountPath: z.string(),
  subPath: z.string().optional(),
  mountPropagation: z.string().optional(),
  subPathExpr: z.string().optional(),
});

const probeSchema = z.object({
  exec: z.object({ command: stringList().optional() }).optional(),
  httpGet: z
    .object({
      path: z.string().optional(),
      port: intOrString(),
      host: z.string().optional(),
      scheme: z.string().optional(),
      httpHeaders: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    })
    .optional(),
  tcpSocket: z.object({ port: intOrString(), host: z.string().optional() }).optional(),
  grpc: z.object({ port: int32(), service: z.string().optional() }).optional(),
  initialDelaySeconds: int32().optional(),
  timeoutSeconds: int32().optional(),
  periodSeconds: int32().optional(),
  successThreshold: int32().optional(),
  failureThreshold: int32().optional(),
  terminationGracePeriodSeconds: int64().optional(),
});

const securityContextSchema = z.object({
  capabilities: z.object({ add: stringList().optional(), drop: stringList().optional() }).optional(),
  privileged: z.boolean().optional(),
  seLinuxOptions: stringMap().optional(),
  windowsOptions: freeFormObject().optional(),
  runAsUser: int64().optional(),
  runAsGroup: int64().optional(),
  runAsNonRoot: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  procMount: z.string().optional(),
  seccompProfile: z.object({ type: z.string(), localhostProfile: z.string().optional() }).optional(),
  appArmorProfile: z.object({ type: z.string(), localhostProfile: z.string().optional() }).optional(),
});

const lifecycleHandlerSchema = freeFormObject();

export const containerSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  command: stringList().optional(),
  args: stringList().optional(),
  workingDir: z.string().optional(),
  ports: z.array(containerPortSchema).optional(),
  envFrom: z.array(envFromSchema).optional(),
  env: z.array(envVarSchema).optional(),
  resources: struct(resourcesSchema).optional(),
  resizePolicy: z.array(z.object({ resourceName: z.string(), restartPolicy: z.string() })).optional(),
  restartPolicy: z.string().optional(),
  volumeMounts: z.array(volumeMountSchema).optional(),
  volumeDevices: z.array(z.object({ name: z.string(), devicePath: z.string() })).optional(),
  livenessProbe: probeSchema.optional(),
  readinessProbe: probeSchema.optional(),
  startupProbe: probeSchema.optional(),
  lifecycle: z
    .object({
      postStart: lifecycleHandlerSchema.optional(),
      preStop: lifecycleHandlerSchema.optional(),
      stopSignal: z.string().optional(),
    })
    .optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.string().optional(),
  imagePullPolicy: z.enum(['Always', 'Never', 'IfNotPresent']).optional(),
  securityContext: securityContextSchema.optional(),
  stdin: z.boolean().optional(),
  stdinOnce: z.boolean().optional(),
  tty: z.boolean().optional(),
});
