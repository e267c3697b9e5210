/**
 * Create-only review kinds answered by the server: authorization.k8s.io/v1 access reviews and
 * authentication.k8s.io/v1 TokenReview (k8s.io/api/authorization/v1, authentication/v1).
 */
import { z } from 'zod';
import { stringList, typeMetaShape } from './common.js';
import { objectMetaSchema } from './meta.js';

const resourceAttributesSchema = z.object({
  namespace: z.string().optional(),
  verb: z.string().optional(),
  group: z.string().optional(),
  version: z.string().optional(),
  resource: z.string().optional(),
  subresource: z.string().optional(),
  name: z.string().optional(),
  fieldSelector: z
    .object({
      rawSelector: z.string().optional(),
      requirements: z
        .array(z.object({ key: z.string(), operator: z.string(), values: stringList().optional() }))
        .optional(),
    })
    .optional(),
  labelSelector: z
    .object({
      rawSelector: z.string().optional(),
      requirements: z
        .array(z.object({ key: z.string(), operator: z.string(), values: stringList().optional() }))
        .optional(),
    })
    .optional(),
});

const nonResourceAttributesSchema = z.object({ path: z.string().optional(), verb: z.string().optional() });

const accessReviewStatusSchema = z.object({
  allowed: z.boolean(),
  denied: z.boolean().optional(),
  reason: z.string().optional(),
  evaluationError: z.string().optional(),
});

const subjectAccessReviewSpecSchema = z.object({
  resourceAttributes: resourceAttributesSchema.optional(),
  nonResourceAttributes: nonResourceAttributesSchema.optional(),
  user: z.string().optional(),
  groups: stringList().optional(),
  extra: z.record(z.string(), stringList()).optional(),
  uid: z.string().optional(),
});

export const subjectAccessReviewSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: subjectAccessReviewSpecSchema,
    status: accessReviewStatusSchema.optional(),
  })
  .describe('SubjectAccessReview checks whether or not a user or group can perform an action.');

export const localSubjectAccessReviewSchema = subjectAccessReviewSchema.describe(
  'LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.',
);

export const selfSubjectAccessReviewSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z.object({
      resourceAttributes: resourceAttributesSchema.optional(),
      nonResourceAttributes: nonResourceAttributesSchema.optional(),
    }),
    status: accessReviewStatusSchema.optional(),
  })
  .describe('SelfSubjectAccessReview checks whether or the current user can perform an action.');

export const tokenReviewSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z.object({ token: z.string().optional(), audiences: stringList().optional() }),
    status: z
      .object({
        authenticated: z.boolean().optional(),
        user: z
          .object({
            username: z.string().optional(),
            uid: z.string().optional(),
            groups: stringList().optional(),
            extra: z.record(z.string(), stringList()).optional(),
          })
          .optional(),
        audiences: stringList().optional(),
        error: z.string().optional(),
      })
      .optional(),
  })
  .describe('TokenReview attempts to authenticate a token to a known user.');

export type SubjectAccessReview = z.infer<typeof subjectAccessReviewSchema>;
export type SelfSubjectAccessReview = z.infer<typeof selfSubjectAccessReviewSchema>;
export type TokenReview = z.infer<typeof tokenReviewSchema>;
