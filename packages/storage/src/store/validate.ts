import { type FieldCause, type KubeObject, type ResourceDefinition, validateObject } from '@hs/resources';
import { ValidationError } from '../store-types.js';

/**
 * Runs the registry's validation (schema, name, labels, strategy) and throws ValidationError with
 * every cause found (accumulated, as k8s.io/apimachinery field.ErrorList, not only the first).
 * `extra` causes from the store are added for fields the registry did not already report.
 */
export function validateOrThrow(def: ResourceDefinition, obj: KubeObject, extra: FieldCause[] = []): void {
  const causes = validateObject(def, obj);
  const reported = new Set(causes.map((c) => c.field));
  for (const cause of extra) if (!reported.has(cause.field)) causes.push(cause);
  if (causes.length > 0) throw new ValidationError(def.kind, obj.metadata?.name ?? '', causes);
}
