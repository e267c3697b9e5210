/** discovery.k8s.io/v1 EndpointSlice, after k8s.io/api/discovery/v1/types.go. */
import { z } from 'zod';
import { int32, objectReferenceSchema, stringList, stringMap, struct, typeMetaShape } from './common.js';
import { objectMetaSchema } from './meta.js';

export const endpointSliceSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    addressType: z.enum(['IPv4', 'IPv6', 'FQDN']),
    endpoints: z.array(
      z.object({
        addresses: stringList(),
        conditions: struct(
          z.object({
            ready: z.boolean().optional(),
            serving: z.boolean().optional(),
            terminating: z.boolean().optional(),
          }),
        ).optional(),
        hostname: z.string().optional(),
        targetRef: objectReferenceSchema.optional(),
        deprecatedTopology: stringMap().optional(),
        nodeName: z.string().optional(),
        zone: z.string().optional(),
        hints: z
          .object({
            forZones: z.array(z.object({ name: z.string() })).optional(),
            forNodes: z.array(z.object({ name: z.string() })).optional(),
          })
          .optional(),
      }),
    ),
    ports: z
      .array(
        z.object({
          name: z.string().optional(),
          protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
          port: int32().optional(),
          appProtocol: z.string().optional(),
        }),
      )
      .optional(),
  })
  .describe('EndpointSlice represents a subset of the endpoints that implement a service.');

export type EndpointSlice = z.infer<typeof endpointSliceSchema>;
