/**
 * Ingress validation beyond the schema, after k8s.io/kubernetes pkg/apis/networking/validation
 * (ValidateIngressSpec, validateHTTPIngressPath, validateIngressBackend); the zero `spec` and
 * `status.loadBalancer` structs Go writes; and the IngressClass defaults of
 * pkg/apis/networking/v1/defaults.go (SetDefaults_IngressClass: parameters are cluster-scoped).
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../types.js';
import { child, fill, present } from './defaults.js';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Sequences upstream refuses in Exact and Prefix paths. */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function validateBackend(backend: Record<string, unknown>, field: string): FieldCause[] {
  const service = asRecord(backend.service);
  const resource = asRecord(backend.resource);
  if (service && resource) {
    return [
      {
        field,
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "object": cannot set both service and resource backends',
      },
    ];
  }
  if (!service && !resource) {
    return [
      {
        field,
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "object": resource or service backend is required',
      },
    ];
  }
  const port = asRecord(service?.port);
  if (service && port) {
    const hasName = typeof port.name === 'string' && port.name !== '';
    const hasNumber = typeof port.number === 'number' && port.number !== 0;
    if (hasName && hasNumber) {
      return [
        {
          field: `${field}.service.port`,
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "object": cannot set both port name & port number',
        },
      ];
    }
    if (!hasName && !hasNumber) {
      return [
        {
          field: `${field}.service.port`,
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "object": port name or number is required',
        },
      ];
    }
  }
  return [];
}

function validatePath(path: Record<string, unknown>, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const value = typeof path.path === 'string' ? path.path : '';
  if (value !== '' && !value.startsWith('/')) {
    causes.push({
      field: `${field}.path`,
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(value)}: must be an absolute path`,
    });
  }
  if (path.pathType === 'Exact' || path.pathType === 'Prefix') {
    for (const sequence of INVALID_PATH_SEQUENCES) {
      if (value.includes(sequence)) {
        causes.push({
          field: `${field}.path`,
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(value)}: must not contain '${sequence}'`,
        });
      }
    }
    for (const suffix of INVALID_PATH_SUFFIXES) {
      if (value.endsWith(suffix)) {
        causes.push({
          field: `${field}.path`,
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(value)}: cannot end with '${suffix}'`,
        });
      }
    }
  }
  const backend = asRecord(path.backend);
  if (backend) causes.push(...validateBackend(backend, `${field}.backend`));
  return causes;
}

function validate(obj: KubeObject): FieldCause[] {
  const spec = asRecord(obj.spec);
  if (!spec) return [];
  const causes: FieldCause[] = [];
  const rules = asList(spec.rules);
  const defaultBackend = asRecord(spec.defaultBackend);
  if (rules.length === 0 && !defaultBackend) {
    causes.push({
      field: 'spec',
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "object": either `defaultBackend` or `rules` must be specified',
    });
  }
  if (defaultBackend) causes.push(...validateBackend(defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, ruleIndex) => {
    const http = asRecord(asRecord(rule)?.http);
    asList(http?.paths).forEach((path, pathIndex) => {
      const record = asRecord(path);
      if (record) causes.push(...validatePath(record, `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`));
    });
  });
  return causes;
}

export const ingressStrategy: ResourceStrategy = {
  applyDefaults(obj) {
    child(obj, 'spec');
    child(child(obj, 'status'), 'loadBalancer');
  },
  validate,
};

export const ingressClassStrategy: ResourceStrategy = {
  applyDefaults(obj) {
    const parameters = present(child(obj, 'spec'), 'parameters');
    if (parameters) fill(parameters, 'scope', 'Cluster');
  },
};
