/** admissionregistration.k8s.io/v1 webhook configurations: cluster-scoped (Pilot's tag watcher). */
import {
  mutatingWebhookConfigurationSchema,
  validatingWebhookConfigurationSchema,
} from '../schemas/admissionregistration.js';
import { mutatingWebhookStrategy, validatingWebhookStrategy } from '../strategies/webhooks.js';
import type { ListMergeKey, ResourceDefinition } from '../types.js';
import { ageColumn, countList, nameColumn } from './columns.js';
import { builtInKind, builtInMergeKeys } from './common.js';

const webhooksMergeKeys: readonly ListMergeKey[] = builtInMergeKeys([
  { path: 'webhooks', mergeKey: 'name', strategy: 'merge', listType: 'map' },
]);

const webhooksColumn = {
  name: 'Webhooks',
  type: 'integer',
  jsonPath: '.webhooks',
  compute: countList('webhooks'),
  description: 'Webhooks indicates the number of webhooks registered in this configuration',
} as const;

export const mutatingWebhookConfigurationKind = builtInKind({
  group: 'admissionregistration.k8s.io',
  versions: ['v1'],
  kind: 'MutatingWebhookConfiguration',
  plural: 'mutatingwebhookconfigurations',
  singular: 'mutatingwebhookconfiguration',
  categories: ['api-extensions'],
  scope: 'Cluster',
  schema: mutatingWebhookConfigurationSchema,
  printerColumns: [nameColumn, webhooksColumn, ageColumn],
  listMergeKeys: webhooksMergeKeys,
  strategy: mutatingWebhookStrategy,
  tracksGeneration: true,
  description:
    'MutatingWebhookConfiguration describes the configuration of and admission webhook that accept or reject and may change the object.',
});

export const validatingWebhookConfigurationKind = builtInKind({
  group: 'admissionregistration.k8s.io',
  versions: ['v1'],
  kind: 'ValidatingWebhookConfiguration',
  plural: 'validatingwebhookconfigurations',
  singular: 'validatingwebhookconfiguration',
  categories: ['api-extensions'],
  scope: 'Cluster',
  schema: validatingWebhookConfigurationSchema,
  printerColumns: [nameColumn, webhooksColumn, ageColumn],
  listMergeKeys: webhooksMergeKeys,
  strategy: validatingWebhookStrategy,
  tracksGeneration: true,
  description:
    'ValidatingWebhookConfiguration describes the configuration of and admission webhook that accept or reject and object without changing it.',
});

export const admissionRegistrationKinds: readonly ResourceDefinition[] = [
  mutatingWebhookConfigurationKind,
  validatingWebhookConfigurationKind,
];
