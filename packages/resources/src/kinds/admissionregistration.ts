/** admissionregistration.k8s.io/v1 webhook configurations: cluster-scoped (Pilot's tag watcher). */
import {
  mutatingWebhookConfigurationSchema,
  validatingWebhookConfigurationSchema,
} from '../schemas/admissionregistration.js';
import type { ListMergeKey, ResourceDefinition } from '../types.js';
import { ageColumn, countList, nameColumn } from './columns.js';
import { builtInMergeKeys, STORED_VERBS } from './common.js';

const webhooksMergeKeys: readonly ListMergeKey[] = builtInMergeKeys([
  { path: 'webhooks', mergeKey: 'name', strategy: 'merge', listType: 'map' },
]);

const webhooksColumn = {
  name: 'Webhooks',
  type: 'integer',
  jsonPath: '.webhooks',
  compute: countList('webhooks'),
  description: 'Webhooks is a list of webhooks and the affected resources and operations.',
} as const;

export const mutatingWebhookConfigurationKind: ResourceDefinition = {
  group: 'admissionregistration.k8s.io',
  versions: ['v1'],
  storageVersion: 'v1',
  kind: 'MutatingWebhookConfiguration',
  listKind: 'MutatingWebhookConfigurationList',
  plural: 'mutatingwebhookconfigurations',
  singular: 'mutatingwebhookconfiguration',
  shortNames: [],
  categories: ['api-extensions'],
  scope: 'Cluster',
  nameFormat: 'dns1123-subdomain',
  verbs: STORED_VERBS,
  schema: mutatingWebhookConfigurationSchema,
  printerColumns: [nameColumn, webhooksColumn, ageColumn],
  fieldSelectors: [],
  subresources: { status: false },
  encryptAtRest: false,
  listMergeKeys: webhooksMergeKeys,
  custom: false,
  virtual: false,
  allowCreateOnUpdate: false,
  tracksGeneration: true,
  description:
    'MutatingWebhookConfiguration describes the configuration of and admission webhook that accept or reject and may change the object.',
};

export const validatingWebhookConfigurationKind: ResourceDefinition = {
  group: 'admissionregistration.k8s.io',
  versions: ['v1'],
  storageVersion: 'v1',
  kind: 'ValidatingWebhookConfiguration',
  listKind: 'ValidatingWebhookConfigurationList',
  plural: 'validatingwebhookconfigurations',
  singular: 'validatingwebhookconfiguration',
  shortNames: [],
  categories: ['api-extensions'],
  scope: 'Cluster',
  nameFormat: 'dns1123-subdomain',
  verbs: STORED_VERBS,
  schema: validatingWebhookConfigurationSchema,
  printerColumns: [nameColumn, webhooksColumn, ageColumn],
  fieldSelectors: [],
  subresources: { status: false },
  encryptAtRest: false,
  listMergeKeys: webhooksMergeKeys,
  custom: false,
  virtual: false,
  allowCreateOnUpdate: false,
  tracksGeneration: true,
  description:
    'ValidatingWebhookConfiguration describes the configuration of and admission webhook that accept or reject and object without changing it.',
};

export const admissionRegistrationKinds: readonly ResourceDefinition[] = [
  mutatingWebhookConfigurationKind,
  validatingWebhookConfigurationKind,
];
