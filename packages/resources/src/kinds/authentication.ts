/** authentication.k8s.io/v1 TokenReview: create-only, answered by the server, never stored. */
import { tokenReviewSchema } from '../schemas/reviews.js';
import type { ResourceDefinition } from '../types.js';
import { ageColumn, nameColumn } from './columns.js';
import { CREATE_ONLY_VERBS } from './common.js';

export const tokenReviewKind: ResourceDefinition = {
  group: 'authentication.k8s.io',
  versions: ['v1'],
  storageVersion: 'v1',
  kind: 'TokenReview',
  listKind: 'TokenReviewList',
  plural: 'tokenreviews',
  singular: 'tokenreview',
  shortNames: [],
  categories: [],
  scope: 'Cluster',
  nameFormat: 'dns1123-subdomain',
  verbs: CREATE_ONLY_VERBS,
  schema: tokenReviewSchema,
  printerColumns: [nameColumn, ageColumn],
  fieldSelectors: [],
  subresources: { status: false },
  encryptAtRest: false,
  listMergeKeys: [],
  custom: false,
  virtual: true,
  allowCreateOnUpdate: false,
  tracksGeneration: false,
  description: 'TokenReview attempts to authenticate a token to a known user.',
};

export const authenticationKinds: readonly ResourceDefinition[] = [tokenReviewKind];
