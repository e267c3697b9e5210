/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition, after
 * k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/types.go. `openAPIV3Schema` is free-form.
 */
import { z } from 'zod';
import { conditionSchema, freeFormObject, int32, stringList, typeMetaShape } from './common.js';
import { objectMetaSchema } from './meta.js';

const namesSchema = z.object({
  plural: z.string(),
  singular: z.string().optional(),
  shortNames: stringList().optional(),
  kind: z.string(),
  listKind: z.string().optional(),
  categories: stringList().optional(),
});

const printerColumnSchema = z.object({
  name: z.string(),
  type: z.string(),
  format: z.string().optional(),
  description: z.string().optional(),
  priority: int32().optional(),
  jsonPath: z.string(),
});

export const customResourceDefinitionSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z.object({
      group: z.string(),
      names: namesSchema,
      scope: z.enum(['Namespaced', 'Cluster']),
      versions: z.array(
        z.object({
          name: z.string(),
          served: z.boolean(),
          storage: z.boolean(),
          deprecated: z.boolean().optional(),
          deprecationWarning: z.string().optional(),
          schema: z.object({ openAPIV3Schema: freeFormObject().optional() }).optional(),
          subresources: z
            .object({
              status: freeFormObject().optional(),
              scale: z
                .object({
                  specReplicasPath: z.string(),
                  statusReplicasPath: z.string(),
                  labelSelectorPath: z.string().optional(),
                })
                .optional(),
            })
            .optional(),
          additionalPrinterColumns: z.array(printerColumnSchema).optional(),
          selectableFields: z.array(z.object({ jsonPath: z.string() })).optional(),
        }),
      ),
      conversion: freeFormObject().optional(),
      preserveUnknownFields: z.boolean().optional(),
    }),
    status: z
      .object({
        conditions: z.array(conditionSchema.omit({ observedGeneration: true })).optional(),
        acceptedNames: namesSchema.partial().optional(),
        storedVersions: stringList().optional(),
      })
      .optional(),
  })
  .describe('CustomResourceDefinition represents a resource that should be exposed on the API server.');

export type CustomResourceDefinition = z.infer<typeof customResourceDefinitionSchema>;
