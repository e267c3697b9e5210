/**
 * gateway.networking.k8s.io kinds (main fields), after sigs.k8s.io/gateway-api apis/v1 and
 * apis/v1beta1 types. Rarely used nested filters are free-form so valid objects are never rejected.
 */
import { z } from 'zod';
import {
  conditionSchema,
  freeFormObject,
  int32,
  portNumber,
  stringList,
  stringMap,
  typeMetaShape,
} from './common.js';
import { objectMetaSchema } from './meta.js';

const parametersReferenceSchema = z.object({
  group: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

export const gatewayClassSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z.object({
      controllerName: z.string(),
      parametersRef: parametersReferenceSchema.optional(),
      description: z.string().optional(),
    }),
    status: z
      .object({
        conditions: z.array(conditionSchema).optional(),
        supportedFeatures: z.array(z.object({ name: z.string() })).optional(),
      })
      .optional(),
  })
  .describe(
    'GatewayClass describes a class of Gateways available to the user for creating Gateway resources.',
  );

const secretObjectReferenceSchema = z.object({
  group: z.string().optional(),
  kind: z.string().optional(),
  name: z.string(),
  namespace: z.string().optional(),
});

const listenerSchema = z.object({
  name: z.string(),
  hostname: z.string().optional(),
  port: portNumber(),
  protocol: z.string(),
  tls: z
    .object({
      mode: z.enum(['Terminate', 'Passthrough']).optional(),
      certificateRefs: z.array(secretObjectReferenceSchema).optional(),
      frontendValidation: freeFormObject().optional(),
      options: stringMap().optional(),
    })
    .optional(),
  allowedRoutes: z
    .object({
      namespaces: z
        .object({
          from: z.enum(['All', 'Selector', 'Same']).optional(),
          selector: z
            .object({
              matchLabels: stringMap().optional(),
              matchExpressions: z
                .array(z.object({ key: z.string(), operator: z.string(), values: stringList().optional() }))
                .optional(),
            })
            .optional(),
        })
        .optional(),
      kinds: z.array(z.object({ group: z.string().optional(), kind: z.string() })).optional(),
    })
    .optional(),
});

export const gatewaySchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z.object({
      gatewayClassName: z.string(),
      listeners: z.array(listenerSchema),
      addresses: z.array(z.object({ type: z.string().optional(), value: z.string() })).optional(),
      infrastructure: z
        .object({
          labels: stringMap().optional(),
          annotations: stringMap().optional(),
          parametersRef: z.object({ group: z.string(), kind: z.string(), name: z.string() }).optional(),
        })
        .optional(),
      backendTLS: freeFormObject().optional(),
      allowedListeners: freeFormObject().optional(),
    }),
    status: z
      .object({
        addresses: z.array(z.object({ type: z.string().optional(), value: z.string() })).optional(),
        conditions: z.array(conditionSchema).optional(),
        listeners: z
          .array(
            z.object({
              name: z.string(),
              supportedKinds: z.array(z.object({ group: z.string().optional(), kind: z.string() })),
              attachedRoutes: int32(),
              conditions: z.array(conditionSchema),
            }),
          )
          .optional(),
      })
      .optional(),
  })
  .describe(
    'Gateway represents an instance of a service-traffic handling infrastructure by binding Listeners to a set of IP addresses.',
  );

const parentReferenceSchema = z.object({
  group: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string(),
  sectionName: z.string().optional(),
  port: portNumber().optional(),
});

const httpRouteMatchSchema = z.object({
  path: z
    .object({
      type: z.enum(['Exact', 'PathPrefix', 'RegularExpression']).optional(),
      value: z.string().optional(),
    })
    .optional(),
  headers: z
    .array(
      z.object({
        type: z.enum(['Exact', 'RegularExpression']).optional(),
        name: z.string(),
        value: z.string(),
      }),
    )
    .optional(),
  queryParams: z
    .array(
      z.object({
        type: z.enum(['Exact', 'RegularExpression']).optional(),
        name: z.string(),
        value: z.string(),
      }),
    )
    .optional(),
  method: z.string().optional(),
});

const httpRouteFilterSchema = z.object({
  type: z.string(),
  requestHeaderModifier: freeFormObject().optional(),
  responseHeaderModifier: freeFormObject().optional(),
  requestMirror: freeFormObject().optional(),
  requestRedirect: freeFormObject().optional(),
  urlRewrite: freeFormObject().optional(),
  extensionRef: z.object({ group: z.string(), kind: z.string(), name: z.string() }).optional(),
  cors: freeFormObject().optional(),
  externalAuth: freeFormObject().optional(),
});

export const httpRouteSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z
      .object({
        parentRefs: z.array(parentReferenceSchema).optional(),
        hostnames: stringList().optional(),
        rules: z
          .array(
            z.object({
              name: z.string().optional(),
              matches: z.array(httpRouteMatchSchema).optional(),
              filters: z.array(httpRouteFilterSchema).optional(),
              backendRefs: z
                .array(
                  z.object({
                    group: z.string().optional(),
                    kind: z.string().optional(),
                    name: z.string(),
                    namespace: z.string().optional(),
                    port: portNumber().optional(),
                    weight: int32().optional(),
                    filters: z.array(httpRouteFilterSchema).optional(),
                  }),
                )
                .optional(),
              timeouts: z
                .object({ request: z.string().optional(), backendRequest: z.string().optional() })
                .optional(),
              retry: freeFormObject().optional(),
              sessionPersistence: freeFormObject().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
    status: z
      .object({
        parents: z
          .array(
            z.object({
              parentRef: parentReferenceSchema,
              controllerName: z.string(),
              conditions: z.array(conditionSchema).optional(),
            }),
          )
          .optional(),
      })
      .optional(),
  })
  .describe('HTTPRoute provides a way to route HTTP requests.');

export const referenceGrantSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: z.object({
      from: z.array(z.object({ group: z.string(), kind: z.string(), namespace: z.string() })),
      to: z.array(z.object({ group: z.string(), kind: z.string(), name: z.string().optional() })),
    }),
  })
  .describe(
    'ReferenceGrant identifies kinds of resources in other namespaces that are trusted to reference the specified kinds of resources in the same namespace as the policy.',
  );

export type GatewayClass = z.infer<typeof gatewayClassSchema>;
export type Gateway = z.infer<typeof gatewaySchema>;
export type HTTPRoute = z.infer<typeof httpRouteSchema>;
export type ReferenceGrant = z.infer<typeof referenceGrantSchema>;
