/** Cell computations of the core/v1 printers (k8s.io/kubernetes pkg/printers/internalversion/printers.go). */
import type { CellContext, KubeObject } from '../types.js';
import {
  joinLimited,
  listAt,
  loadBalancerAddresses,
  orNone,
  recordAt,
  stringAt,
  valueAt,
} from './columns.js';

/** Service CLUSTER-IP: the first cluster IP, `<none>` when none is allocated. */
export function serviceClusterIp(obj: KubeObject): string {
  const first = listAt(obj, 'spec.clusterIPs')[0];
  return typeof first === 'string' && first !== '' ? first : orNone(stringAt(obj, 'spec.clusterIP'));
}

/** Service EXTERNAL-IP: external IPs, LoadBalancer ingress, `<pending>`, or the ExternalName. */
export function serviceExternalIp(obj: KubeObject): string {
  const type = stringAt(obj, 'spec.type') || 'ClusterIP';
  const externalIps = listAt(obj, 'spec.externalIPs').filter((ip): ip is string => typeof ip === 'string');
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIps.length > 0 ? externalIps.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(obj, 'status.loadBalancer.ingress'), ...externalIps];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return stringAt(obj, 'spec.externalName');
    default:
      return '<unknown>';
  }
}

/** Service PORT(S): `80/TCP,443:30443/TCP`. */
export function servicePorts(obj: KubeObject): string {
  const ports = listAt(obj, 'spec.ports').map((port) => {
    const protocol = stringAt(port, 'protocol') || 'TCP';
    const nodePort = Number(valueAt(port, 'nodePort') ?? 0);
    return nodePort > 0
      ? `${stringAt(port, 'port')}:${nodePort}/${protocol}`
      : `${stringAt(port, 'port')}/${protocol}`;
  });
  return orNone(ports.join(','));
}

/** Service SELECTOR (wide): `app=x,tier=y` (labels.FormatLabels). */
export function serviceSelector(obj: KubeObject): string {
  const selector = recordAt(obj, 'spec.selector');
  return orNone(
    Object.keys(selector)
      .sort()
      .map((key) => `${key}=${String(selector[key])}`)
      .join(','),
  );
}

/** `ip:port` as Go's net.JoinHostPort writes it (IPv6 in brackets). */
const hostPort = (ip: string, port: string) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Endpoints ENDPOINTS: `10.0.0.1:80,10.0.0.2:80 + 3 more...`, `<none>` without subsets (formatEndpoints). */
export function endpointsList(obj: KubeObject): string {
  const subsets = listAt(obj, 'subsets');
  if (subsets.length === 0) return '<none>';
  const items: string[] = [];
  for (const subset of subsets) {
    const ports = listAt(subset, 'ports');
    for (const address of listAt(subset, 'addresses')) {
      const ip = stringAt(address, 'ip');
      if (ports.length === 0) items.push(ip);
      for (const port of ports) items.push(hostPort(ip, stringAt(port, 'port')));
    }
  }
  return joinLimited(items);
}

const running = (status: unknown) => valueAt(status, 'state.running') !== undefined;

/** Pod READY: containers ready and running / containers. */
export function podReady(obj: KubeObject): string {
  const total = listAt(obj, 'spec.containers').length;
  const ready = listAt(obj, 'status.containerStatuses').filter(
    (status) => valueAt(status, 'ready') === true && running(status),
  ).length;
  return `${ready}/${total}`;
}

const TERMINAL_PHASES = new Set(['Succeeded', 'Failed']);

/**
 * Pod STATUS: the pod reason or phase, a container's waiting/terminated reason (or its signal or
 * exit code), Running/NotReady for a Completed pod with a running container, Terminating.
 * Init containers are not looked at (this server runs none).
 */
export function podStatus(obj: KubeObject): string {
  const phase = stringAt(obj, 'status.phase') || 'Pending';
  let reason = stringAt(obj, 'status.reason') || phase;
  const conditions = listAt(obj, 'status.conditions');
  for (const condition of conditions) {
    if (stringAt(condition, 'type') === 'PodScheduled' && stringAt(condition, 'reason') === 'SchedulingGated')
      reason = 'SchedulingGated';
  }
  let hasRunning = false;
  const statuses = listAt(obj, 'status.containerStatuses');
  for (let i = statuses.length - 1; i >= 0; i--) {
    const status = statuses[i];
    const waiting = stringAt(status, 'state.waiting.reason');
    const terminated = valueAt(status, 'state.terminated');
    if (waiting !== '') reason = waiting;
    else if (terminated !== undefined && stringAt(terminated, 'reason') !== '')
      reason = stringAt(terminated, 'reason');
    else if (terminated !== undefined) {
      const signal = Number(valueAt(terminated, 'signal') ?? 0);
      reason = signal !== 0 ? `Signal:${signal}` : `ExitCode:${Number(valueAt(terminated, 'exitCode') ?? 0)}`;
    } else if (valueAt(status, 'ready') === true && running(status)) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) {
    const ready = conditions.some((c) => stringAt(c, 'type') === 'Ready' && stringAt(c, 'status') === 'True');
    reason = ready ? 'Running' : 'NotReady';
  }
  if (stringAt(obj, 'metadata.deletionTimestamp') !== '') {
    if (stringAt(obj, 'status.reason') === 'NodeLost') reason = 'Unknown';
    else if (!TERMINAL_PHASES.has(phase)) reason = 'Terminating';
  }
  return reason;
}

/** Pod RESTARTS: the sum of container restart counts, with the age of the last restart: `2 (5m ago)`. */
export function podRestarts(obj: KubeObject, cell: CellContext): string {
  let restarts = 0;
  let last = '';
  for (const status of listAt(obj, 'status.containerStatuses')) {
    const count = valueAt(status, 'restartCount');
    if (typeof count === 'number') restarts += count;
    const finished = stringAt(status, 'lastState.terminated.finishedAt');
    if (finished !== '' && (last === '' || Date.parse(finished) > Date.parse(last))) last = finished;
  }
  return restarts !== 0 && last !== '' ? `${restarts} (${cell.age(last)} ago)` : String(restarts);
}

/** Pod IP (wide): the first of `status.podIPs`. */
export function podIp(obj: KubeObject): string {
  return orNone(stringAt(listAt(obj, 'status.podIPs')[0], 'ip'));
}

/** Pod READINESS GATES (wide): gates whose condition is True / gates, `<none>` without gates. */
export function podReadinessGates(obj: KubeObject): string {
  const gates = listAt(obj, 'spec.readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = listAt(obj, 'status.conditions');
  const met = gates.filter((gate) => {
    const type = stringAt(gate, 'conditionType');
    const condition = conditions.find((c) => stringAt(c, 'type') === type);
    return condition !== undefined && stringAt(condition, 'status') === 'True';
  }).length;
  return `${met}/${gates.length}`;
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

/** Node OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME (wide): the node info field, `<unknown>` when empty. */
export function nodeInfo(field: string): (obj: KubeObject) => string {
  return (obj) => stringAt(obj, `status.nodeInfo.${field}`) || '<unknown>';
}

/** Event OBJECT: `kind/name` with the kind in lower case, the kind alone without a name. */
export function eventObject(obj: KubeObject): string {
  const kind = stringAt(obj, 'involvedObject.kind').toLowerCase();
  const name = stringAt(obj, 'involvedObject.name');
  return name === '' ? kind : `${kind}/${name}`;
}

/** Event FIRST SEEN: the age of `firstTimestamp`, else of `eventTime`. */
export function eventFirstSeen(obj: KubeObject, cell: CellContext): string {
  return cell.age(stringAt(obj, 'firstTimestamp') || stringAt(obj, 'eventTime'));
}

/** Event LAST SEEN: the age of the series' last observation, of `lastTimestamp`, else FIRST SEEN. */
export function eventLastSeen(obj: KubeObject, cell: CellContext): string {
  if (valueAt(obj, 'series') !== undefined && valueAt(obj, 'series') !== null)
    return cell.age(stringAt(obj, 'series.lastObservedTime'));
  const last = stringAt(obj, 'lastTimestamp');
  return last !== '' ? cell.age(last) : eventFirstSeen(obj, cell);
}

/** Event COUNT: the series' count or `count`, 1 for a singleton event. */
export function eventCount(obj: KubeObject): number {
  const series = valueAt(obj, 'series');
  const count = Number(
    (series !== undefined && series !== null ? valueAt(series, 'count') : valueAt(obj, 'count')) ?? 0,
  );
  return series === undefined || series === null ? count || 1 : count;
}

/** Event SOURCE: `component, host`, from the reporting fields when the source has none. */
export function eventSource(obj: KubeObject): string {
  const component = stringAt(obj, 'source.component') || stringAt(obj, 'reportingComponent');
  const instance = stringAt(obj, 'source.host') || stringAt(obj, 'reportingInstance');
  return instance === '' ? component : `${component}, ${instance}`;
}
