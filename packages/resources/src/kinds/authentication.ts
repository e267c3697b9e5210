/** authentication.k8s.io/v1 TokenReview: create-only, answered by the server, never stored. */
import { tokenReviewSchema } from '../schemas/reviews.js';
import type { ResourceDefinition } from '../types.js';
import { builtInKind, CREATE_ONLY_VERBS } from './common.js';

export const tokenReviewKind = builtInKind({
  group: 'authentication.k8s.io',
  versions: ['v1'],
  kind: 'TokenReview',
  plural: 'tokenreviews',
  singular: 'tokenreview',
  scope: 'Cluster',
  verbs: CREATE_ONLY_VERBS,
  schema: tokenReviewSchema,
  listMergeKeys: [],
  virtual: true,
  description: 'TokenReview attempts to authenticate a token to a known user.',
});

export const authenticationKinds: readonly ResourceDefinition[] = [tokenReviewKind];
