import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { z } from 'zod';

/** A permissive object schema: metadata must be an object, `spec.replicas` (when present) a non-negative integer. */
const widgetSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z.looseObject({ name: z.string().optional(), namespace: z.string().optional() }),
    spec: z.looseObject({ replicas: z.number().int().nonnegative().optional() }).optional(),
  })
  .loose() as unknown as z.ZodType<KubeObject>;

function definition(
  overrides: Partial<ResourceDefinition> & Pick<ResourceDefinition, 'kind' | 'plural' | 'scope'>,
) {
  return {
    group: 'test.hs.io',
    versions: ['v1'],
    storageVersion: 'v1',
    listKind: `${overrides.kind}List`,
    singular: overrides.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    nameFormat: 'dns1123-subdomain',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    schema: widgetSchema,
    printerColumns: [],
    fieldSelectors: [],
    subresources: { status: true },
    encryptAtRest: false,
    listMergeKeys: [],
    custom: true,
    virtual: false,
    allowCreateOnUpdate: false,
    tracksGeneration: true,
    description: `test kind ${overrides.kind}`,
    ...overrides,
  } satisfies ResourceDefinition;
}

/** A namespaced test kind (`widgets.test.hs.io`). */
export const widgetDefinition: ResourceDefinition = definition({
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});

/** A cluster-scoped test kind (`gadgets.test.hs.io`). */
export const gadgetDefinition: ResourceDefinition = definition({
  kind: 'Gadget',
  plural: 'gadgets',
  scope: 'Cluster',
});

/** A namespaced kind stored through the ValueTransformer (`vaults.test.hs.io`). */
export const vaultDefinition: ResourceDefinition = definition({
  kind: 'Vault',
  plural: 'vaults',
  scope: 'Namespaced',
  encryptAtRest: true,
});

/** A Widget object as a client would send it. */
export function widget(
  name: string,
  options: { namespace?: string; labels?: Record<string, string>; replicas?: number } = {},
): KubeObject {
  const metadata: KubeObject['metadata'] = { name, namespace: options.namespace ?? 'default' };
  if (options.labels) metadata.labels = options.labels;
  return {
    apiVersion: 'test.hs.io/v1',
    kind: 'Widget',
    metadata,
    spec: { replicas: options.replicas ?? 1 },
  };
}
