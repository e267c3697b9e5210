/** coordination.k8s.io/v1 Lease (leader election, if ever enabled). */
import { leaseSchema } from '../schemas/coordination.js';
import type { ResourceDefinition } from '../types.js';
import { ageColumn, nameColumn } from './columns.js';
import { builtInMergeKeys, STORED_VERBS } from './common.js';

export const leaseKind: ResourceDefinition = {
  group: 'coordination.k8s.io',
  versions: ['v1'],
  storageVersion: 'v1',
  kind: 'Lease',
  listKind: 'LeaseList',
  plural: 'leases',
  singular: 'lease',
  shortNames: [],
  categories: [],
  scope: 'Namespaced',
  nameFormat: 'dns1123-subdomain',
  verbs: STORED_VERBS,
  schema: leaseSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Holder',
      type: 'string',
      jsonPath: '.spec.holderIdentity',
      description: 'holderIdentity contains the identity of the holder of a current lease.',
    },
    ageColumn,
  ],
  fieldSelectors: [],
  subresources: { status: false },
  encryptAtRest: false,
  listMergeKeys: builtInMergeKeys([]),
  custom: false,
  virtual: false,
  // PUT creates, as pkg/registry/coordination/lease/strategy.go AllowCreateOnUpdate
  allowCreateOnUpdate: true,
  tracksGeneration: false,
  description: 'Lease defines a lease concept.',
};

export const coordinationKinds: readonly ResourceDefinition[] = [leaseKind];
