/**
 * A small valid object of every kind a backup holds, plus an owned ConfigMap (ownerReferences)
 * and a Secret with known values (for the plaintext search). Bodies are given only where a kind
 * requires fields; every object carries a label and an annotation.
 */
import { groupVersion, type KubeObject, type ResourceDefinition, registry } from '@hs/resources';
import { backedUpKinds } from '../archive-format.js';

export const NAMESPACE = 'backup-test';
export const SECRET_VALUE = 'top-secret-passw0rd-4f1c';

const BODIES: Record<string, Record<string, unknown>> = {
  services: { spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } },
  pods: { spec: { containers: [{ name: 'app', image: 'higress/gateway' }] } },
  events: {
    involvedObject: { kind: 'ConfigMap', name: 'x', apiVersion: 'v1', namespace: NAMESPACE },
    reason: 'Tested',
    message: 'backup',
    type: 'Normal',
  },
  'endpointslices.discovery.k8s.io': {
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.1.0.1'] }],
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  },
  'rolebindings.rbac.authorization.k8s.io': {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }],
  },
  'clusterrolebindings.rbac.authorization.k8s.io': {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }],
  },
  'gatewayclasses.gateway.networking.k8s.io': { spec: { controllerName: 'higress.io/gateway-controller' } },
  'gateways.gateway.networking.k8s.io': {
    spec: { gatewayClassName: 'higress', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  },
  'referencegrants.gateway.networking.k8s.io': {
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'other' }],
      to: [{ group: '', kind: 'Service' }],
    },
  },
  secrets: {
    type: 'Opaque',
    data: { password: Buffer.from(SECRET_VALUE).toString('base64') },
  },
  configmaps: { data: { 'higress.yaml': 'tracing:\n  enable: false\n' } },
};

const resource = (def: ResourceDefinition) => (def.group ? `${def.plural}.${def.group}` : def.plural);

export function sampleObject(def: ResourceDefinition, name = `sample-${def.singular}`): KubeObject {
  return {
    apiVersion: groupVersion(def.group, def.storageVersion),
    kind: def.kind,
    metadata: {
      name,
      ...(def.scope === 'Namespaced' ? { namespace: NAMESPACE } : {}),
      labels: { app: 'backup-test' },
      annotations: { 'backup.test/kind': def.kind },
    },
    ...structuredClone(BODIES[resource(def)] ?? {}),
  };
}

export const sampleKinds = (): ResourceDefinition[] => backedUpKinds(registry.entries);

/** The definition of a resource, e.g. `configmaps` (test data only: shared code never does this). */
export function definition(resourceName: string): ResourceDefinition {
  const def = sampleKinds().find((d) => resource(d) === resourceName);
  if (!def) throw new Error(`no kind ${resourceName}`);
  return def;
}
