/** Cell computations of the core/v1 printers (k8s.io/kubernetes pkg/printers/internalversion/printers.go). */
import type { KubeObject } from '../types.js';
import {
  joinLimited,
  listAt,
  loadBalancerAddresses,
  orNone,
  recordAt,
  stringAt,
  valueAt,
} from './columns.js';

/** Service EXTERNAL-IP: external IPs, LoadBalancer ingress, `<pending>`, or the ExternalName. */
export function serviceExternalIp(obj: KubeObject): string {
  const type = stringAt(obj, 'spec.type') || 'ClusterIP';
  const externalIps = listAt(obj, 'spec.externalIPs').filter((ip): ip is string => typeof ip === 'string');
  switch (type) {
    case 'ExternalName':
      return stringAt(obj, 'spec.externalName');
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(obj, 'status.loadBalancer.ingress'), ...externalIps];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    default:
      return externalIps.length > 0 ? externalIps.join(',') : '<none>';
  }
}

/** Service PORT(S): `80/TCP,443:30443/TCP`. */
export function servicePorts(obj: KubeObject): string {
  const ports = listAt(obj, 'spec.ports').map((port) => {
    const protocol = stringAt(port, 'protocol') || 'TCP';
    const nodePort = stringAt(port, 'nodePort');
    return nodePort !== '' && nodePort !== '0'
      ? `${stringAt(port, 'port')}:${nodePort}/${protocol}`
      : `${stringAt(port, 'port')}/${protocol}`;
  });
  return orNone(ports.join(','));
}

/** Service SELECTOR (wide): `app=x,tier=y`. */
export function serviceSelector(obj: KubeObject): string {
  const selector = recordAt(obj, 'spec.selector');
  return orNone(
    Object.keys(selector)
      .sort()
      .map((key) => `${key}=${String(selector[key])}`)
      .join(','),
  );
}

/** Endpoints ENDPOINTS: `10.0.0.1:80,10.0.0.2:80 + 3 more...`. */
export function endpointsList(obj: KubeObject): string {
  const items: string[] = [];
  for (const subset of listAt(obj, 'subsets')) {
    const ports = listAt(subset, 'ports');
    for (const address of listAt(subset, 'addresses')) {
      const ip = stringAt(address, 'ip');
      if (ports.length === 0) items.push(ip);
      for (const port of ports) items.push(`${ip}:${stringAt(port, 'port')}`);
    }
  }
  return orNone(joinLimited(items));
}

/** Pod READY: ready containers / containers. */
export function podReady(obj: KubeObject): string {
  const total = listAt(obj, 'spec.containers').length;
  const ready = listAt(obj, 'status.containerStatuses').filter(
    (status) => valueAt(status, 'ready') === true,
  ).length;
  return `${ready}/${total}`;
}

/** Pod STATUS: Terminating, a container's waiting/terminated reason, the pod reason, or the phase. */
export function podStatus(obj: KubeObject): string {
  if (stringAt(obj, 'metadata.deletionTimestamp') !== '') return 'Terminating';
  let reason = stringAt(obj, 'status.reason') || stringAt(obj, 'status.phase') || 'Pending';
  for (const status of listAt(obj, 'status.containerStatuses')) {
    const waiting = stringAt(status, 'state.waiting.reason');
    const terminated = stringAt(status, 'state.terminated.reason');
    if (waiting !== '') reason = waiting;
    else if (terminated !== '') reason = terminated;
  }
  return reason;
}

/** Pod RESTARTS: the sum of container restart counts. */
export function podRestarts(obj: KubeObject): number {
  let restarts = 0;
  for (const status of listAt(obj, 'status.containerStatuses')) {
    const count = valueAt(status, 'restartCount');
    if (typeof count === 'number') restarts += count;
  }
  return restarts;
}

/** Node STATUS: Ready / NotReady / Unknown, plus `,SchedulingDisabled`. */
export function nodeStatus(obj: KubeObject): string {
  let status = 'Unknown';
  for (const condition of listAt(obj, 'status.conditions')) {
    if (stringAt(condition, 'type') === 'Ready') {
      status = stringAt(condition, 'status') === 'True' ? 'Ready' : 'NotReady';
    }
  }
  return valueAt(obj, 'spec.unschedulable') === true ? `${status},SchedulingDisabled` : status;
}

/** Node ROLES: from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function nodeRoles(obj: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(recordAt(obj, 'metadata.labels'))) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && typeof value === 'string' && value !== '') {
      roles.add(value);
    }
  }
  return orNone([...roles].sort().join(','));
}

/** Node INTERNAL-IP / EXTERNAL-IP (wide). */
export function nodeAddress(type: string): (obj: KubeObject) => string {
  return (obj) => {
    for (const address of listAt(obj, 'status.addresses')) {
      if (stringAt(address, 'type') === type) return stringAt(address, 'address');
    }
    return '<none>';
  };
}

/** Event OBJECT: `kind/name`. */
export function eventObject(obj: KubeObject): string {
  return `${stringAt(obj, 'involvedObject.kind').toLowerCase()}/${stringAt(obj, 'involvedObject.name')}`;
}

/** Event LAST SEEN: the latest of the event's timestamps (rendered as an age). */
export function eventLastSeen(obj: KubeObject): string {
  return (
    stringAt(obj, 'lastTimestamp') ||
    stringAt(obj, 'series.lastObservedTime') ||
    stringAt(obj, 'eventTime') ||
    stringAt(obj, 'firstTimestamp') ||
    stringAt(obj, 'metadata.creationTimestamp')
  );
}
