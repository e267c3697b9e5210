/**
 * Field selectors (`?fieldSelector=`): `a=b`, `a==b`, `a!=b`, comma = AND, `\` escapes `,` `=` `\`
 * in values. Follows k8s.io/apimachinery/pkg/fields/selector.go (splitTerms, splitTerm,
 * UnescapeValue and their error texts). Field names are checked against what a kind supports as
 * the API server's field label conversion does: built-in kinds answer
 * `field label not supported: <f>` (k8s.io/kubernetes pkg/apis/core/v1/conversion.go), custom
 * resources answer runtime.DefaultMetaV1FieldSelectorConversion's text
 * (k8s.io/apimachinery/pkg/runtime/conversion.go).
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { badRequest } from './status.js';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  /** Unescaped value. */
  value: string;
}

export interface FieldSelector {
  /** AND of all requirements, sorted as upstream (by term text). Empty = everything. */
  readonly requirements: readonly FieldRequirement[];
  /** Matches a set of field values; a missing field reads as `''`. */
  matches(fields: Readonly<Record<string, string>>): boolean;
  toString(): string;
}

/** Splits on unescaped commas (selector.go splitTerms). */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

/** The first operator found scanning left to right (selector.go splitTerm). */
function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Undoes `\\`, `\,` and `\=`; errors as upstream's InvalidEscapeSequence / UnescapedRune. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      // upstream prints the rune with %v, i.e. its code point
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else out += c;
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Escapes a value for use in a selector (selector.go EscapeValue). */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function selectorOf(requirements: FieldRequirement[]): FieldSelector {
  return {
    requirements,
    matches: (fields) =>
      requirements.every((r) => {
        const v = fields[r.field] ?? '';
        return r.operator === '!=' ? v !== r.value : v === r.value;
      }),
    toString: () => requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(','),
  };
}

export const everythingFieldSelector: FieldSelector = selectorOf([]);

/** Parses selector text without checking field names; bad syntax → 400 BadRequest. */
export function parseFieldSelector(text: string | undefined): FieldSelector {
  if (text === undefined || text === '') return everythingFieldSelector;
  const parts = splitTerms(text).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const [field, operator, rhs] = split;
    reqs.push({ field, operator, value: unescapeFieldValue(rhs) });
  }
  return selectorOf(reqs);
}

/** Field names a definition supports: metadata.name, metadata.namespace and its declared ones. */
export function supportedFields(def: ResourceDefinition): string[] {
  return ['metadata.name', 'metadata.namespace', ...def.fieldSelectors.map((f) => f.field)];
}

/** Rejects fields the kind does not support, with upstream's message for built-in or custom kinds. */
export function validateFieldSelector(def: ResourceDefinition, selector: FieldSelector): void {
  const supported = new Set(supportedFields(def));
  for (const r of selector.requirements) {
    if (supported.has(r.field)) continue;
    throw badRequest(
      def.custom
        ? `"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`
        : `field label not supported: ${r.field}`,
    );
  }
}

/** Reads a dot path (`spec.nodeName`); missing or null → `''`, scalars as text. */
export function readFieldPath(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, seg)) return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return JSON.stringify(cur);
}

/** The field set of an object for a kind (upstream GetAttrs / ObjectMetaFieldsSet + the kind's own). */
export function objectFields(def: ResourceDefinition, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = {
    'metadata.name': obj.metadata?.name ?? '',
    'metadata.namespace': obj.metadata?.namespace ?? '',
  };
  for (const spec of def.fieldSelectors) fields[spec.field] = readFieldPath(obj, spec.path);
  return fields;
}
