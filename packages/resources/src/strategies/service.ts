/**
 * Service strategy, after k8s.io/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_Service):
 * type ClusterIP, sessionAffinity None (ClientIP gets its 3-hour timeout), port protocol TCP and
 * targetPort = port, traffic policies Cluster, LoadBalancer node ports allocated; the zero
 * `status.loadBalancer` Go writes; the IP family fields pkg/registry/core/service/storage/alloc.go
 * sets on create (single-stack IPv4 here; this server allocates no cluster IP); and
 * pkg/apis/core/validation ValidateService: ports required unless ExternalName, unique port names.
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../types.js';
import { asRecord, child, fill, fillString, items } from './defaults.js';

// pkg/apis/core/v1 DefaultClientIPServiceAffinitySeconds
const CLIENT_IP_AFFINITY_SECONDS = 10800;

function applyDefaults(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  fillString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = asRecord(asRecord(spec.sessionAffinityConfig)?.clientIP);
    if (typeof clientIP?.timeoutSeconds !== 'number')
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: CLIENT_IP_AFFINITY_SECONDS } };
  }
  fillString(spec, 'type', 'ClusterIP');
  for (const port of items(spec, 'ports')) {
    fillString(port, 'protocol', 'TCP');
    if (
      (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') &&
      typeof port.port === 'number'
    )
      port.targetPort = port.port;
  }
  const type = spec.type;
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  // pkg/api/v1/service ExternallyAccessible
  const externallyAccessible =
    type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  if (externallyAccessible) fillString(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')
    fill(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') fill(spec, 'allocateLoadBalancerNodePorts', true);
  const loadBalancer = child(child(obj, 'status'), 'loadBalancer');
  // LoadBalancerIPMode (beta, on): an ingress point with an IP is a VIP unless it says otherwise
  if (type === 'LoadBalancer')
    for (const ingress of items(loadBalancer, 'ingress')) if (ingress.ip) fill(ingress, 'ipMode', 'VIP');
}

/** alloc.go initIPFamilyFields without a dual-stack cluster: the family fields of a new Service. */
function initIPFamilies(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && !Array.isArray(spec.clusterIPs))
    spec.clusterIPs = [spec.clusterIP];
  if (spec.type === 'ExternalName') return;
  const selector = asRecord(spec.selector);
  const headlessWithoutSelector =
    spec.clusterIP === 'None' && (selector === undefined || Object.keys(selector).length === 0);
  fill(spec, 'ipFamilyPolicy', headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');
  const families: unknown[] =
    Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0 ? spec.ipFamilies : ['IPv4'];
  if (headlessWithoutSelector && spec.ipFamilyPolicy !== 'SingleStack' && families.length < 2)
    families.push(families[0] === 'IPv6' ? 'IPv4' : 'IPv6');
  spec.ipFamilies = families;
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
  applyDefaults,
  prepareForCreate: initIPFamilies,
  validate,
};
