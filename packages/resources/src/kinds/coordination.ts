/** coordination.k8s.io/v1 Lease (leader election, if ever enabled). */
import { leaseSchema } from '../schemas/coordination.js';
import type { ResourceDefinition } from '../types.js';
import { FIELD_DOCS } from './column-docs.js';
import { ageColumn, nameColumn } from './columns.js';
import { builtInKind } from './common.js';

export const leaseKind = builtInKind({
  group: 'coordination.k8s.io',
  versions: ['v1'],
  kind: 'Lease',
  plural: 'leases',
  singular: 'lease',
  schema: leaseSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Holder',
      type: 'string',
      jsonPath: '.spec.holderIdentity',
      description: FIELD_DOCS.LEASE_HOLDER_IDENTITY,
    },
    ageColumn,
  ],
  // PUT creates, as pkg/registry/coordination/lease/strategy.go AllowCreateOnUpdate
  allowCreateOnUpdate: true,
  description: 'Lease defines a lease concept.',
});

export const coordinationKinds: readonly ResourceDefinition[] = [leaseKind];
