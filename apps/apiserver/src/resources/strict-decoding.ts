/**
 * Strict decoding errors of a patch (repeated keys in the patch, unknown fields in the patched
 * object) and of a server-side apply configuration, handled by fieldValidation as
 * k8s.io/apiserver/pkg/endpoints/handlers/patch.go does:
 * - JSON, merge and strategic merge patches: Strict → 422 Invalid on `patch`, quoting the patched
 *   object (JSON and merge: as evanphx/json-patch re-encodes it; strategic: the patch map as Go's
 *   `%+v` prints it); Warn → a warning per error; Ignore → nothing;
 * - apply: Strict → 400 `error strict decoding YAML: …`; Warn → one warning per go-yaml line.
 */
import { goQuote, isRecord, StatusError } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import type { FastifyReply } from 'fastify';
import { strictWarnings } from '../http/strict-errors.js';
import type { FieldValidation } from './request.js';
import { addWarning } from './response.js';

/** The 422 of a strict patch: NewInvalid(schema.GroupKind{}, "", field.Invalid("patch", …)). */
function invalidPatch(quoted: string, errors: readonly string[]): StatusError {
  const message = `Invalid value: ${goQuote(quoted)}: strict decoding error: ${errors.join(', ')}`;
  return new StatusError(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
    causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }],
  });
}

/** Go's json.Marshal escapes HTML characters and the JavaScript line separators. */
const goJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** ObjectMeta's fields in the order of its Go struct, as the codec encodes them. */
const OBJECT_META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];
const MANAGED_FIELDS_ORDER = [
  'manager',
  'operation',
  'apiVersion',
  'time',
  'fieldsType',
  'fieldsV1',
  'subresource',
];

function ordered(obj: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in obj) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out)) out[k] = obj[k];
  return out;
}

function codecMetadata(meta: unknown): unknown {
  if (!isRecord(meta)) return meta;
  const out = ordered(meta, OBJECT_META_ORDER);
  if (Array.isArray(out.managedFields))
    out.managedFields = out.managedFields.map((e) => (isRecord(e) ? ordered(e, MANAGED_FIELDS_ORDER) : e));
  return out;
}

/**
 * Keys sorted where the patch reached (evanphx/json-patch decodes those maps and json.Marshal
 * sorts them); the rest keeps the codec's order.
 */
function sortTouched(value: unknown, touched: unknown): unknown {
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const sub = isRecord(touched) ? touched[k] : undefined;
    out[k] = isRecord(sub) ? sortTouched(value[k], sub) : value[k];
  }
  return out;
}

/** The shape a JSON patch reaches: every container on an operation's path. */
function jsonPatchShape(patch: unknown): Record<string, unknown> {
  const shape: Record<string, unknown> = {};
  for (const op of Array.isArray(patch) ? patch : []) {
    const path = isRecord(op) && typeof op.path === 'string' ? op.path : '';
    let at = shape;
    for (const token of path.split('/').slice(1, -1)) {
      const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
      at[key] = isRecord(at[key]) ? at[key] : {};
      at = at[key] as Record<string, unknown>;
    }
  }
  return shape;
}

/** The patched object as kube-apiserver quotes it for a JSON or merge patch. */
export function patchedObjectText(next: KubeObject, patchType: string, patch: unknown): string {
  const withMeta = { ...next, metadata: codecMetadata(next.metadata) };
  const touched = patchType === 'application/json-patch+json' ? jsonPatchShape(patch) : patch;
  return goJson(sortTouched(withMeta, touched));
}

/** Go's `%+v` of a decoded JSON value (maps print sorted: `map[a:1 b:[x y]]`). */
export function goPrint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  if (isRecord(value))
    return `map[${Object.keys(value)
      .sort()
      .map((k) => `${k}:${goPrint(value[k])}`)
      .join(' ')}]`;
  if (typeof value === 'number' && !Number.isInteger(value)) return goFloat(value);
  return String(value);
}

/** strconv.FormatFloat(f, 'g', -1, 64) as %v prints a float64: exponent from 1e21 and below 1e-4. */
function goFloat(f: number): string {
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [m, e] = f.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(f);
}

export interface PatchStrictness {
  validation: FieldValidation;
  reply: FastifyReply;
  patchType: string;
  patch: unknown;
  /** The patch body's own strict errors (repeated keys), before the patched object's. */
  bodyErrors: readonly string[];
}

/**
 * A non-apply patch's strict errors: the body's (prefixed `json patch ` for a JSON patch) and the
 * patched object's unknown fields. Strict → throws the 422; Warn → warnings; Ignore → nothing.
 */
export function handlePatchStrictness(
  next: KubeObject,
  unknown: readonly string[],
  s: PatchStrictness,
): void {
  if (s.validation === 'Ignore') return;
  const own =
    s.patchType === 'application/json-patch+json' ? s.bodyErrors.map((e) => `json patch ${e}`) : s.bodyErrors;
  const errors = [...own, ...unknown.map((f) => `unknown field ${JSON.stringify(f)}`)];
  if (errors.length === 0) return;
  if (s.validation === 'Warn') {
    for (const e of errors) addWarning(s.reply, e);
    return;
  }
  const quoted =
    s.patchType === 'application/strategic-merge-patch+json'
      ? goPrint(s.patch)
      : patchedObjectText(next, s.patchType, s.patch);
  throw invalidPatch(quoted, errors);
}

/** An apply configuration's repeated keys (checked after the apply itself, as upstream). */
export function handleApplyStrictness(
  validation: FieldValidation,
  reply: FastifyReply,
  bodyErrors: readonly string[],
): void {
  if (validation === 'Ignore' || bodyErrors.length === 0) return;
  const errors = bodyErrors.map((e) => `error converting YAML to JSON: ${e}`);
  if (validation === 'Strict') {
    throw new StatusError(400, 'BadRequest', `error strict decoding YAML: ${errors.join(', ')}`);
  }
  for (const w of strictWarnings(errors)) addWarning(reply, w);
}
