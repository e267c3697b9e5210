import { customResourceDefinitionFor, registry } from '@hs/resources';

/** Our registry's generated CRDs: what both servers serve for the custom kinds. */
export function registryCrds(): Record<string, unknown>[] {
  return registry.entries.filter((def) => def.custom).map((def) => customResourceDefinitionFor(def));
}
