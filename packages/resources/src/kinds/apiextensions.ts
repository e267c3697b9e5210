/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition: served read-only, its objects derived from
 * the registry's custom entries (customResourceDefinitionFor).
 */
import { customResourceDefinitionSchema } from '../schemas/apiextensions.js';
import type { ResourceDefinition } from '../types.js';
import { createdAtColumn, nameColumn } from './columns.js';
import { builtInKind, READ_ONLY_VERBS } from './common.js';

export const customResourceDefinitionKind = builtInKind({
  group: 'apiextensions.k8s.io',
  versions: ['v1'],
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  scope: 'Cluster',
  verbs: READ_ONLY_VERBS,
  schema: customResourceDefinitionSchema,
  printerColumns: [nameColumn, createdAtColumn],
  subresources: { status: true },
  tracksGeneration: true,
  description:
    'CustomResourceDefinition represents a resource that should be exposed on the API server. Its name MUST be in the format <.spec.name>.<.spec.group>.',
});

export const apiExtensionsKinds: readonly ResourceDefinition[] = [customResourceDefinitionKind];
