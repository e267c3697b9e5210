/** admissionregistration.k8s.io/v1 webhook configurations, after k8s.io/api/admissionregistration/v1. */
import { z } from 'zod';
import { int32, labelSelectorSchema, stringList, struct, typeMetaShape } from './common.js';
import { objectMetaSchema } from './meta.js';

const ruleWithOperationsSchema = z.object({
  operations: stringList().optional(),
  apiGroups: stringList().optional(),
  apiVersions: stringList().optional(),
  resources: stringList().optional(),
  scope: z.string().optional(),
});

const webhookClientConfigSchema = z.object({
  url: z.string().optional(),
  service: z
    .object({
      namespace: z.string(),
      name: z.string(),
      path: z.string().optional(),
      port: int32().optional(),
    })
    .optional(),
  caBundle: z.string().optional(),
});

const webhookShape = {
  name: z.string(),
  clientConfig: struct(webhookClientConfigSchema),
  rules: z.array(ruleWithOperationsSchema).optional(),
  failurePolicy: z.enum(['Ignore', 'Fail']).optional(),
  matchPolicy: z.enum(['Exact', 'Equivalent']).optional(),
  namespaceSelector: labelSelectorSchema.optional(),
  objectSelector: labelSelectorSchema.optional(),
  sideEffects: z.string(),
  timeoutSeconds: int32().optional(),
  admissionReviewVersions: stringList(),
  matchConditions: z.array(z.object({ name: z.string(), expression: z.string() })).optional(),
};

export const mutatingWebhookConfigurationSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    webhooks: z
      .array(z.object({ ...webhookShape, reinvocationPolicy: z.enum(['Never', 'IfNeeded']).optional() }))
      .optional(),
  })
  .describe(
    'MutatingWebhookConfiguration describes the configuration of an admission webhook that accepts or rejects and may change the object.',
  );

export const validatingWebhookConfigurationSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    webhooks: z.array(z.object(webhookShape)).optional(),
  })
  .describe(
    'ValidatingWebhookConfiguration describes the configuration of an admission webhook that accepts or rejects an object without changing it.',
  );

export type MutatingWebhookConfiguration = z.infer<typeof mutatingWebhookConfigurationSchema>;
export type ValidatingWebhookConfiguration = z.infer<typeof validatingWebhookConfigurationSchema>;
