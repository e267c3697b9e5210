/** networking.k8s.io/v1 Ingress and IngressClass, after k8s.io/api/networking/v1/types.go. */
import { z } from 'zod';
import { int32, stringList, struct, typedLocalObjectReferenceSchema, typeMetaShape } from './common.js';
import { objectMetaSchema } from './meta.js';

const ingressBackendSchema = z.object({
  service: z
    .object({
      name: z.string(),
      port: z.object({ name: z.string().optional(), number: int32().optional() }).optional(),
    })
    .optional(),
  resource: typedLocalObjectReferenceSchema.optional(),
});

const ingressPortStatusSchema = z.object({
  port: int32(),
  protocol: z.string(),
  error: z.string().optional(),
});

export const ingressSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: struct(
      z.object({
        ingressClassName: z.string().optional(),
        defaultBackend: ingressBackendSchema.optional(),
        tls: z
          .array(z.object({ hosts: stringList().optional(), secretName: z.string().optional() }))
          .optional(),
        rules: z
          .array(
            z.object({
              host: z.string().optional(),
              http: z
                .object({
                  paths: z.array(
                    z.object({
                      path: z.string().optional(),
                      pathType: z.enum(['Exact', 'Prefix', 'ImplementationSpecific']),
                      backend: ingressBackendSchema,
                    }),
                  ),
                })
                .optional(),
            }),
          )
          .optional(),
      }),
    ).optional(),
    status: struct(
      z.object({
        loadBalancer: struct(
          z.object({
            ingress: z
              .array(
                z.object({
                  ip: z.string().optional(),
                  hostname: z.string().optional(),
                  ports: z.array(ingressPortStatusSchema).optional(),
                }),
              )
              .optional(),
          }),
        ).optional(),
      }),
    ).optional(),
  })
  .describe(
    'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.',
  );

export const ingressClassSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: struct(
      z.object({
        controller: z.string().optional(),
        parameters: z
          .object({
            apiGroup: z.string().optional(),
            kind: z.string(),
            name: z.string(),
            scope: z.enum(['Cluster', 'Namespace']).optional(),
            namespace: z.string().optional(),
          })
          .optional(),
      }),
    ).optional(),
  })
  .describe('IngressClass represents the class of the Ingress, referenced by the Ingress Spec.');

export type Ingress = z.infer<typeof ingressSchema>;
export type IngressClass = z.infer<typeof ingressClassSchema>;
