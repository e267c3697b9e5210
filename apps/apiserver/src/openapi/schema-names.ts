import { openApiSchemaName, type ResourceDefinition } from '@hs/resources';

/** The list kind's component name, beside the kind's own (`io.k8s.api.core.v1.ConfigMapList`). */
export const listSchemaName = (def: ResourceDefinition, version: string) =>
  `${openApiSchemaName(def, version).slice(0, -def.kind.length)}${def.listKind}`;
