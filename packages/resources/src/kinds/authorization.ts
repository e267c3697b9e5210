/** authorization.k8s.io/v1 access reviews: create-only, answered by the server, never stored. */
import {
  localSubjectAccessReviewSchema,
  selfSubjectAccessReviewSchema,
  subjectAccessReviewSchema,
} from '../schemas/reviews.js';
import type { ResourceDefinition } from '../types.js';
import { ageColumn, nameColumn } from './columns.js';
import { CREATE_ONLY_VERBS } from './common.js';

const review = {
  group: 'authorization.k8s.io',
  versions: ['v1'],
  storageVersion: 'v1',
  shortNames: [],
  categories: [],
  nameFormat: 'dns1123-subdomain',
  verbs: CREATE_ONLY_VERBS,
  printerColumns: [nameColumn, ageColumn],
  fieldSelectors: [],
  subresources: { status: false },
  encryptAtRest: false,
  listMergeKeys: [],
  custom: false,
  virtual: true,
  allowCreateOnUpdate: false,
  tracksGeneration: false,
} as const;

export const subjectAccessReviewKind: ResourceDefinition = {
  ...review,
  kind: 'SubjectAccessReview',
  listKind: 'SubjectAccessReviewList',
  plural: 'subjectaccessreviews',
  singular: 'subjectaccessreview',
  scope: 'Cluster',
  schema: subjectAccessReviewSchema,
  description: 'SubjectAccessReview checks whether or not a user or group can perform an action.',
};

export const selfSubjectAccessReviewKind: ResourceDefinition = {
  ...review,
  kind: 'SelfSubjectAccessReview',
  listKind: 'SelfSubjectAccessReviewList',
  plural: 'selfsubjectaccessreviews',
  singular: 'selfsubjectaccessreview',
  scope: 'Cluster',
  schema: selfSubjectAccessReviewSchema,
  description: 'SelfSubjectAccessReview checks whether or the current user can perform an action.',
};

export const localSubjectAccessReviewKind: ResourceDefinition = {
  ...review,
  kind: 'LocalSubjectAccessReview',
  listKind: 'LocalSubjectAccessReviewList',
  plural: 'localsubjectaccessreviews',
  singular: 'localsubjectaccessreview',
  scope: 'Namespaced',
  schema: localSubjectAccessReviewSchema,
  description:
    'LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.',
};

export const authorizationKinds: readonly ResourceDefinition[] = [
  subjectAccessReviewKind,
  selfSubjectAccessReviewKind,
  localSubjectAccessReviewKind,
];
