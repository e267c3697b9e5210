/** coordination.k8s.io/v1 Lease, after k8s.io/api/coordination/v1/types.go. */
import { z } from 'zod';
import { int32, struct, timestamp, typeMetaShape } from './common.js';
import { objectMetaSchema } from './meta.js';

export const leaseSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    spec: struct(
      z.object({
        holderIdentity: z.string().optional(),
        leaseDurationSeconds: int32().optional(),
        acquireTime: timestamp().optional(),
        renewTime: timestamp().optional(),
        leaseTransitions: int32().optional(),
        strategy: z.string().optional(),
        preferredHolder: z.string().optional(),
      }),
    ).optional(),
  })
  .describe('Lease defines a lease concept.');

export type Lease = z.infer<typeof leaseSchema>;
