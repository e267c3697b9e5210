/**
 * metav1.ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1/types.go). Shared by every kind; the
 * OpenAPI generator replaces it by a `$ref` to `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`.
 */
import { z } from 'zod';
import { atomicMap, freeFormObject, int64, stringMap, timestamp } from './common.js';

export const ownerReferenceSchema = atomicMap(
  z.object({
    apiVersion: z.string(),
    kind: z.string(),
    name: z.string(),
    uid: z.string(),
    controller: z.boolean().optional(),
    blockOwnerDeletion: z.boolean().optional(),
  }),
);

export const managedFieldsEntrySchema = z.object({
  manager: z.string().optional(),
  operation: z.enum(['Apply', 'Update']).optional(),
  apiVersion: z.string().optional(),
  time: timestamp().optional(),
  fieldsType: z.literal('FieldsV1').optional(),
  fieldsV1: freeFormObject().optional(),
  subresource: z.string().optional(),
});

export const objectMetaSchema = z
  .object({
    name: z.string().optional(),
    generateName: z.string().optional(),
    namespace: z.string().optional(),
    selfLink: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    generation: int64().optional(),
    creationTimestamp: timestamp().optional(),
    deletionTimestamp: timestamp().optional(),
    deletionGracePeriodSeconds: int64().optional(),
    labels: stringMap().optional(),
    annotations: stringMap().optional(),
    ownerReferences: z.array(ownerReferenceSchema).optional(),
    finalizers: z.array(z.string()).optional(),
    managedFields: z.array(managedFieldsEntrySchema).optional(),
  })
  .describe(
    'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  );

/** metav1.ListMeta, for list kinds. */
export const listMetaSchema = z.object({
  resourceVersion: z.string().optional(),
  continue: z.string().optional(),
  remainingItemCount: int64().optional(),
  selfLink: z.string().optional(),
});
