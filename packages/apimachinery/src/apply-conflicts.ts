/**
 * Server-side apply conflicts and the client-side → server-side apply transition:
 * - the 409 body, after k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go;
 * - lastAppliedManager: for the `kubectl` manager, conflicts on fields whose live value still
 *   equals the `kubectl.kubernetes.io/last-applied-configuration` annotation are allowed (the user
 *   changed them in the file they apply), as internal/lastappliedmanager.go does;
 * - lastAppliedUpdater: a `kubectl` apply keeps an existing annotation in sync with the applied
 *   configuration (internal/lastappliedupdater.go), so kubectl's follow-up
 *   `fieldManager=kubectl-last-applied` apply changes nothing and cannot conflict.
 */
import { compareElements, type FieldPath, FieldSet, pathToString } from './field-set.js';
import { cloneJson } from './json-clone.js';
import { describeManager, type ManagerRecord } from './managed-fields.js';
import { applyConflict } from './status.js';
import { compareObjects, toFieldSet } from './typed-fieldset.js';
import type { TypeNode } from './typed-schema.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The only manager whose applies take part in the client-side apply transition. */
export const KUBECTL_MANAGER = 'kubectl';

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Conflict {
  id: string;
  record: ManagerRecord;
  paths: FieldPath[];
}

function sortPaths(paths: FieldPath[]): FieldPath[] {
  return [...paths].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareElements(a[i] as string, b[i] as string);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  });
}

/** The 409 upstream sends (NewConflictError / getConflictMessage), managers in identifier order. */
export function conflictError(conflicts: Conflict[]) {
  const sorted = [...conflicts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const causes: Array<{ message: string; field: string }> = [];
  for (const c of sorted) {
    for (const p of sortPaths(c.paths)) {
      causes.push({ message: `conflict with ${describeManager(c.record)}`, field: pathToString(p) });
    }
  }
  if (causes.length === 1) {
    const only = causes[0] as { message: string; field: string };
    return applyConflict(causes, `Apply failed with 1 conflict: ${only.message}: ${only.field}`);
  }
  const lines: string[] = [];
  for (const c of sorted) {
    lines.push(`conflicts with ${describeManager(c.record)}:`);
    for (const p of sortPaths(c.paths)) lines.push(`- ${pathToString(p)}`);
  }
  return applyConflict(causes, `Apply failed with ${causes.length} conflicts: ${lines.join('\n')}`);
}

function lastAppliedOf(obj: JsonMap): string | undefined {
  const meta = obj.metadata;
  if (!isMap(meta) || !isMap(meta.annotations)) return undefined;
  const v = meta.annotations[LAST_APPLIED_ANNOTATION];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Fields of the live object that still hold the values of its last-applied annotation
 * (allowedConflictsFromLastApplied); empty when there is no usable annotation.
 */
export function fieldsMatchingLastApplied(live: JsonMap, apiVersion: string, schema: TypeNode): FieldSet {
  const text = lastAppliedOf(live);
  if (!text) return new FieldSet();
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return new FieldSet();
  }
  if (!isMap(last) || last.apiVersion !== apiVersion) return new FieldSet();
  try {
    const cmp = compareObjects(last, live, schema);
    return toFieldSet(last, schema).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
  } catch {
    return new FieldSet();
  }
}

/** Conflicts left after allowing the given fields; managers with nothing left drop out. */
export function withoutAllowed(conflicts: Conflict[], allowed: FieldSet): Conflict[] {
  return conflicts
    .map((c) => ({ ...c, paths: c.paths.filter((p) => !allowed.has(p)) }))
    .filter((c) => c.paths.length > 0);
}

/** Go's encoding/json: sorted map keys, HTML-safe escapes, trailing newline from Encoder.Encode. */
export function goJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (isMap(v)) {
      const out: JsonMap = {};
      for (const k of Object.keys(v).sort()) {
        Object.defineProperty(out, k, {
          value: sortKeys(v[k]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return v;
  };
  return `${JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}\n`;
}

/** When `result` carries the annotation, rewrite it from the applied configuration (buildLastApplied). */
export function syncLastApplied(result: JsonMap, applied: JsonMap): void {
  if (!lastAppliedOf(result)) return;
  const config = cloneJson(applied);
  if (isMap(config.metadata) && isMap(config.metadata.annotations)) {
    delete config.metadata.annotations[LAST_APPLIED_ANNOTATION];
  }
  ((result.metadata as JsonMap).annotations as JsonMap)[LAST_APPLIED_ANNOTATION] = goJson(config);
}
