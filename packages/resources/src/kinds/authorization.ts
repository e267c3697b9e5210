/** authorization.k8s.io/v1 access reviews: create-only, answered by the server, never stored. */
import {
  localSubjectAccessReviewSchema,
  selfSubjectAccessReviewSchema,
  subjectAccessReviewSchema,
} from '../schemas/reviews.js';
import type { ResourceDefinition } from '../types.js';
import { builtInKind, CREATE_ONLY_VERBS } from './common.js';

const review = {
  group: 'authorization.k8s.io',
  versions: ['v1'],
  verbs: CREATE_ONLY_VERBS,
  listMergeKeys: [],
  virtual: true,
} as const;

export const subjectAccessReviewKind = builtInKind({
  ...review,
  kind: 'SubjectAccessReview',
  plural: 'subjectaccessreviews',
  singular: 'subjectaccessreview',
  scope: 'Cluster',
  schema: subjectAccessReviewSchema,
  description: 'SubjectAccessReview checks whether or not a user or group can perform an action.',
});

export const selfSubjectAccessReviewKind = builtInKind({
  ...review,
  kind: 'SelfSubjectAccessReview',
  plural: 'selfsubjectaccessreviews',
  singular: 'selfsubjectaccessreview',
  scope: 'Cluster',
  schema: selfSubjectAccessReviewSchema,
  description: 'SelfSubjectAccessReview checks whether or the current user can perform an action.',
});

export const localSubjectAccessReviewKind = builtInKind({
  ...review,
  kind: 'LocalSubjectAccessReview',
  plural: 'localsubjectaccessreviews',
  singular: 'localsubjectaccessreview',
  schema: localSubjectAccessReviewSchema,
  description:
    'LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.',
});

export const authorizationKinds: readonly ResourceDefinition[] = [
  subjectAccessReviewKind,
  selfSubjectAccessReviewKind,
  localSubjectAccessReviewKind,
];
