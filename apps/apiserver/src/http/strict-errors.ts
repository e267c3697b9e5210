/**
 * Strict decoding errors a body decoder found that do not stop decoding (repeated keys), kept for
 * the handler, which refuses, warns or ignores them by fieldValidation as upstream
 * (k8s.io/apiserver/pkg/endpoints/handlers: addStrictDecodingWarnings, parseYAMLWarnings).
 */
import type { FastifyRequest } from 'fastify';

export interface StrictBodyErrors {
  format: 'json' | 'yaml';
  /** Each as the upstream decoder words it (`duplicate field "data.k"`, go-yaml's unmarshal errors). */
  errors: string[];
}

const found = new WeakMap<FastifyRequest, StrictBodyErrors>();

export function recordStrictErrors(req: FastifyRequest, format: 'json' | 'yaml', errors: string[]): void {
  found.set(req, { format, errors });
}

/** The strict errors of the request's body, none when it had none. */
export const strictErrorsOf = (req: FastifyRequest): string[] => found.get(req)?.errors ?? [];

const YAML_PREFIXES = [
  'error converting YAML to JSON: yaml: unmarshal errors:\n',
  'yaml: unmarshal errors:\n',
];

/** One warning per violation: go-yaml's multi-line error splits into its lines (parseYAMLWarnings). */
export function strictWarnings(errors: readonly string[]): string[] {
  return errors.flatMap((e) => {
    const prefix = YAML_PREFIXES.find((p) => e.startsWith(p));
    if (!prefix) return [e];
    return e
      .slice(prefix.length)
      .split('\n')
      .map((l) => l.trim());
  });
}
