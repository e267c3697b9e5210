/**
 * Printer columns shared by many kinds and the cell computations the built-in printers do, after
 * k8s.io/kubernetes pkg/printers/internalversion/printers.go. Every compute tolerates malformed
 * objects (missing or mistyped fields render as `<none>`), since stored data is not re-validated.
 */
import type { KubeObject, PrinterColumn } from '../types.js';

// The descriptions kube-apiserver gives the Name and Age columns: ObjectMeta's API documentation
// (metav1.ObjectMeta{}.SwaggerDoc()), as its printers and the CRD table convertor use them.
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const nameColumn: PrinterColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  jsonPath: '.metadata.name',
  description: NAME_DESCRIPTION,
  priority: 0,
};

export const ageColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  declaredType: 'string',
  jsonPath: '.metadata.creationTimestamp',
  description: CREATION_TIMESTAMP_DESCRIPTION,
  priority: 0,
};

/** RBAC kinds and CRDs print the raw timestamp, not an age. */
export const createdAtColumn: PrinterColumn = {
  name: 'Created At',
  type: 'string',
  declaredType: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: CREATION_TIMESTAMP_DESCRIPTION,
  priority: 0,
};

/** Reads a dot path (`spec.ports`) from an object; undefined when any step is missing. */
export function valueAt(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function recordAt(obj: unknown, path: string): Record<string, unknown> {
  const value = valueAt(obj, path);
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function listAt(obj: unknown, path: string): unknown[] {
  const value = valueAt(obj, path);
  return Array.isArray(value) ? value : [];
}

export function stringAt(obj: unknown, path: string): string {
  const value = valueAt(obj, path);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

export function orNone(value: string): string {
  return value === '' ? '<none>' : value;
}

/** Joins at most `max` items, then `+ N more...` as the upstream printers do. */
export function joinLimited(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(',');
  return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
}

/** Number of keys in `data` plus `binaryData` (ConfigMap DATA, Secret DATA). */
export function countDataKeys(obj: KubeObject): number {
  return Object.keys(recordAt(obj, 'data')).length + Object.keys(recordAt(obj, 'binaryData')).length;
}

/** Number of entries of a list field. */
export function countList(path: string): (obj: KubeObject) => number {
  return (obj) => listAt(obj, path).length;
}

/**
 * `status` of the condition of a type in `status.conditions`, the `[?(@.type=="X")].status`
 * JSONPath (which our JSONPath subset does not parse); undefined when there is none.
 */
export function conditionStatus(type: string): (obj: KubeObject) => string | undefined {
  return (obj) => {
    for (const condition of listAt(obj, 'status.conditions')) {
      if (stringAt(condition, 'type') === type) {
        const status = valueAt(condition, 'status');
        return typeof status === 'string' ? status : undefined;
      }
    }
    return undefined;
  };
}

/** IPs / hostnames of a `loadBalancer.ingress` list, sorted and unique (printers.go loadBalancerStatusStringer). */
export function loadBalancerAddresses(obj: unknown, path: string): string[] {
  const result = new Set<string>();
  for (const entry of listAt(obj, path)) {
    const address = stringAt(entry, 'ip') || stringAt(entry, 'hostname');
    if (address !== '') result.add(address);
  }
  return [...result].sort();
}
