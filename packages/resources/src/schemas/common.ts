/**
 * Building blocks shared by the kind schemas: Kubernetes scalar conventions (int32/int64,
 * IntOrString, Quantity, timestamps), free-form JSON and the small structs many kinds reuse.
 *
 * Conventions every schema follows (the validator and the unknown-field walker rely on them):
 * - objects are plain `z.object` (unknown keys are found by walking, never rejected by zod);
 * - free-form JSON is `z.unknown()` or `freeFormObject()` (a record of unknown values), and
 *   objects that keep unknown keys are `z.looseObject` — the walker never reports inside them;
 * - no defaults or transforms: a parse returns the input unchanged (defaults live in strategies).
 */
import { z } from 'zod';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A Go `int32` field; OpenAPI `integer`/`int32`. */
export function int32() {
  return z.number().int().min(INT32_MIN).max(INT32_MAX).meta({ format: 'int32' });
}

/** A Go `int64`/`int` field; OpenAPI `integer`/`int64`. */
export function int64() {
  return z.number().int().meta({ format: 'int64' });
}

/** A TCP/UDP port number, 1-65535 (k8s.io/apimachinery/pkg/util/validation IsValidPortNum). */
export function portNumber() {
  return z.number().int().min(1).max(65535).meta({ format: 'int32' });
}

/** `intstr.IntOrString` (k8s.io/apimachinery/pkg/util/intstr): a number or a string. */
export function intOrString() {
  return z.union([int32(), z.string()]).meta({ 'x-kubernetes-int-or-string': true });
}

/** `resource.Quantity`: serialised as a string, but clients also send plain numbers. */
export function quantity() {
  return z.union([z.number(), z.string()]).meta({ 'x-kubernetes-int-or-string': true });
}

/** `metav1.Time` / `metav1.MicroTime`: an RFC 3339 timestamp string. */
export function timestamp() {
  return z.string().meta({ format: 'date-time' });
}

/** Any JSON value, never checked for unknown fields (e.g. EnvoyFilter patch values). */
export function freeForm() {
  return z.unknown().meta({ 'x-kubernetes-preserve-unknown-fields': true });
}

/** A JSON object of any shape (plugin configs, status blocks of custom resources). */
export function freeFormObject() {
  return z.record(z.string(), z.unknown()).meta({ 'x-kubernetes-preserve-unknown-fields': true });
}

/** `map[string]string`. */
export function stringMap() {
  return z.record(z.string(), z.string());
}

/**
 * A Go struct field that is not a pointer: always serialised (`{}` when empty), so a new object
 * already holds it. kube-openapi publishes such fields with `default: {}`; server-side apply's zero
 * object is built from it (@hs/apimachinery typed-schema.ts).
 */
export function struct<T extends z.ZodType>(schema: T): T {
  return schema.meta({ default: {} });
}

/**
 * A `+structType=atomic` struct or `+mapType=atomic` map (`x-kubernetes-map-type: atomic`):
 * server-side apply owns and replaces it as a whole (ObjectReference, LabelSelector, RoleRef, a
 * Service's selector…).
 */
export function atomicMap<T extends z.ZodType>(schema: T): T {
  return schema.meta({ 'x-kubernetes-map-type': 'atomic' });
}

/** A list of strings. */
export function stringList() {
  return z.array(z.string());
}

/** metav1.LabelSelector. */
export const labelSelectorSchema = atomicMap(
  z.object({
    matchLabels: stringMap().optional(),
    matchExpressions: z
      .array(
        z.object({
          key: z.string(),
          operator: z.string(),
          values: stringList().optional(),
        }),
      )
      .optional(),
  }),
);

/** metav1.Condition, the standard status condition. */
export const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  observedGeneration: int64().optional(),
  lastTransitionTime: timestamp().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

/** core/v1 LocalObjectReference. */
export const localObjectReferenceSchema = atomicMap(z.object({ name: z.string().optional() }));

/** core/v1 ObjectReference. */
export const objectReferenceSchema = atomicMap(
  z.object({
    kind: z.string().optional(),
    namespace: z.string().optional(),
    name: z.string().optional(),
    uid: z.string().optional(),
    apiVersion: z.string().optional(),
    resourceVersion: z.string().optional(),
    fieldPath: z.string().optional(),
  }),
);

/** core/v1 TypedLocalObjectReference. */
export const typedLocalObjectReferenceSchema = atomicMap(
  z.object({
    apiGroup: z.string().optional(),
    kind: z.string(),
    name: z.string(),
  }),
);

/** apiVersion + kind, present on every object (the server fills them from the URL when absent). */
export const typeMetaShape = {
  apiVersion: z
    .string()
    .describe(
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
    ),
  kind: z
    .string()
    .describe(
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.',
    ),
};
