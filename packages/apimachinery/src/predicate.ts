/**
 * A list/watch filter from `labelSelector` + `fieldSelector`, as upstream's
 * storage.SelectionPredicate (k8s.io/apiserver/pkg/storage/selection_predicate.go).
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import {
  type FieldSelector,
  parseFieldSelector,
  readFieldPath,
  validateFieldSelector,
} from './field-selector.js';
import { type LabelSelector, parseLabelSelector } from './label-selector.js';

export interface SelectorQuery {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export interface Predicate {
  (obj: KubeObject): boolean;
  readonly label: LabelSelector;
  readonly field: FieldSelector;
  /** True when neither selector restricts anything (callers may skip filtering). */
  readonly empty: boolean;
  /** The value a `metadata.name=<x>` (or `==`) term requires, if any: lets a store fetch one key. */
  readonly exactName?: string;
  /** Likewise for `metadata.namespace`. */
  readonly exactNamespace?: string;
}

/** Parses and validates both selectors (400 on bad input) and returns one predicate. */
export function compilePredicate(def: ResourceDefinition, query: SelectorQuery): Predicate {
  const label = parseLabelSelector(query.labelSelector);
  const field = parseFieldSelector(query.fieldSelector);
  validateFieldSelector(def, field);
  const noLabels = label.requirements.length === 0 && !label.matchesNothing;
  const exact = (name: string) =>
    field.requirements.find((r) => r.field === name && r.operator !== '!=')?.value;
  // read only the fields the selector names (this runs for every object of a list or watch)
  const terms = field.requirements.map((r) => ({ ...r, get: fieldGetter(def, r.field) }));
  const fn = (obj: KubeObject): boolean => {
    if (!noLabels && !label.matches(obj.metadata?.labels)) return false;
    for (const t of terms) {
      const v = t.get(obj);
      if (t.operator === '!=' ? v === t.value : v !== t.value) return false;
    }
    return true;
  };
  const exactName = exact('metadata.name');
  const exactNamespace = exact('metadata.namespace');
  return Object.assign(fn, {
    label,
    field,
    empty: noLabels && field.requirements.length === 0,
    ...(exactName !== undefined ? { exactName } : {}),
    ...(exactNamespace !== undefined ? { exactNamespace } : {}),
  });
}

/** How to read one selectable field of a kind (missing → `''`), as objectFields does. */
function fieldGetter(def: ResourceDefinition, field: string): (obj: KubeObject) => string {
  const declared = def.fieldSelectors.find((f) => f.field === field);
  if (declared) return (obj) => readFieldPath(obj, declared.path);
  if (field === 'metadata.name') return (obj) => obj.metadata?.name ?? '';
  if (field === 'metadata.namespace') return (obj) => obj.metadata?.namespace ?? '';
  return () => '';
}
