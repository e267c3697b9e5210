/**
 * Service strategy, after k8s.io/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_Service) and
 * pkg/apis/core/validation ValidateService: type ClusterIP, sessionAffinity None, port protocol
 * TCP and targetPort = port by default; ports required unless ExternalName; unique port names.
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../types.js';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function applyDefaults(obj: KubeObject): void {
  const spec = asRecord(obj.spec) ?? {};
  obj.spec = spec;
  if (spec.type === undefined) spec.type = 'ClusterIP';
  if (spec.sessionAffinity === undefined) spec.sessionAffinity = 'None';
  if (Array.isArray(spec.ports)) {
    for (const port of spec.ports) {
      const record = asRecord(port);
      if (record === undefined) continue;
      if (record.protocol === undefined) record.protocol = 'TCP';
      if (record.targetPort === undefined && typeof record.port === 'number') record.targetPort = record.port;
    }
  }
}

function validate(obj: KubeObject): FieldCause[] {
  const spec = asRecord(obj.spec) ?? {};
  const causes: FieldCause[] = [];
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (type === 'ExternalName') {
    if (typeof spec.externalName !== 'string' || spec.externalName === '') {
      causes.push({ field: 'spec.externalName', reason: 'FieldValueRequired', message: 'Required value' });
    }
  } else if (ports.length === 0 && spec.clusterIP !== 'None') {
    causes.push({ field: 'spec.ports', reason: 'FieldValueRequired', message: 'Required value' });
  }
  const names = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((port, index) => {
    const record = asRecord(port) ?? {};
    const name = typeof record.name === 'string' ? record.name : '';
    if (ports.length > 1 && name === '') {
      causes.push({
        field: `spec.ports[${index}].name`,
        reason: 'FieldValueRequired',
        message: 'Required value',
      });
    } else if (name !== '' && names.has(name)) {
      causes.push({
        field: `spec.ports[${index}].name`,
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: ${JSON.stringify(name)}`,
      });
    }
    names.add(name);
    const key = `${String(record.port)}/${typeof record.protocol === 'string' ? record.protocol : 'TCP'}`;
    if (portKeys.has(key)) {
      causes.push({
        field: `spec.ports[${index}]`,
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: ${JSON.stringify({ port: record.port, protocol: record.protocol ?? 'TCP' })}`,
      });
    }
    portKeys.add(key);
  });
  return causes;
}

export const serviceStrategy: ResourceStrategy = {
  prepareForCreate: applyDefaults,
  prepareForUpdate: applyDefaults,
  validate,
};
