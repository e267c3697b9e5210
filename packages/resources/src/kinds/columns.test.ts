import { describe, expect, it } from 'vitest';
import { registry } from '../registry.js';
import type { CellContext, KubeObject, PrinterColumn } from '../types.js';

/** Ages written as `age(<timestamp>)`, to see which timestamp a cell shows. */
const AGES: CellContext = { age: (timestamp) => (timestamp ? `age(${timestamp})` : '<unknown>') };

function columns(group: string, version: string, plural: string): readonly PrinterColumn[] {
  const def = registry.find(group, version, plural);
  if (!def) throw new Error(`no entry ${plural}`);
  return def.printerColumns;
}

/** The cells kubectl would show: compute when declared, else a plain top-level JSONPath lookup. */
function cells(cols: readonly PrinterColumn[], object: KubeObject, wide = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of cols) {
    if (!wide && (column.priority ?? 0) > 0) continue;
    out[column.name] = column.compute ? column.compute(object, AGES) : column.jsonPath;
  }
  return out;
}

describe('printer columns', () => {
  it('mirror the real ConfigMap and Secret tables', () => {
    expect(columns('', 'v1', 'configmaps').map((column) => [column.name, column.type])).toEqual([
      ['Name', 'string'],
      ['Data', 'integer'],
      ['Age', 'date'],
    ]);
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '1', b: '2' },
      binaryData: { c: 'AA==' },
    };
    expect(cells(columns('', 'v1', 'configmaps'), configMap).Data).toBe(3);
    expect(columns('', 'v1', 'secrets').map((column) => column.name)).toEqual([
      'Name',
      'Type',
      'Data',
      'Age',
    ]);
    for (const def of registry.entries) {
      const age = def.printerColumns.find((column) => column.name === 'Age');
      if (age) expect(age).toMatchObject({ type: 'date', jsonPath: '.metadata.creationTimestamp' });
    }
  });

  it('render Service type, IPs and ports', () => {
    const cols = columns('', 'v1', 'services');
    expect(cols.filter((column) => !column.priority).map((column) => column.name)).toEqual([
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
    ]);
    const lb: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'higress-gateway' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.1',
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 443, nodePort: 30443 },
        ],
      },
      status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
    };
    expect(cells(cols, lb)).toMatchObject({
      Type: 'LoadBalancer',
      'Cluster-IP': '10.0.0.1',
      'External-IP': '127.0.0.1',
      'Port(s)': '80/TCP,443:30443/TCP',
    });
    const pending = { ...lb, status: {} };
    expect(cells(cols, pending)['External-IP']).toBe('<pending>');
    const bare: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } };
    expect(cells(cols, bare)).toMatchObject({
      Type: 'ClusterIP',
      'Cluster-IP': '<none>',
      'External-IP': '<none>',
      'Port(s)': '<none>',
    });
    expect(cells(cols, { ...bare, spec: { selector: { b: '2', a: '1' } } }, true).Selector).toBe('a=1,b=2');
  });

  it('render Ingress class, hosts, address and ports', () => {
    const cols = columns('networking.k8s.io', 'v1', 'ingresses');
    expect(cols.map((column) => column.name)).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i' },
      spec: { ingressClassName: 'higress', tls: [{ hosts: ['a.com'] }], rules: [{ host: 'a.com' }, {}] },
      status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }, { hostname: 'lb.local' }] } },
    };
    expect(cells(cols, ingress)).toMatchObject({
      Class: 'higress',
      // a rule without host adds nothing (printers.go formatHosts)
      Hosts: 'a.com',
      Address: '127.0.0.1,lb.local',
      Ports: '80, 443',
    });
    expect(
      cells(cols, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' } }),
    ).toMatchObject({
      Class: '<none>',
      Hosts: '*',
      Address: '',
      Ports: '80',
    });
  });

  it('render Namespace, Pod, Node and Event cells', () => {
    expect(columns('', 'v1', 'namespaces').map((column) => column.name)).toEqual(['Name', 'Status', 'Age']);
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 2, state: { running: {} } },
          { name: 'b', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    };
    expect(cells(columns('', 'v1', 'pods'), pod)).toMatchObject({
      Ready: '1/2',
      Status: 'CrashLoopBackOff',
      Restarts: '3',
    });
    const restarted = {
      ...pod,
      status: {
        containerStatuses: [
          {
            name: 'a',
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { finishedAt: '2026-01-01T00:00:00Z' } },
          },
          {
            name: 'b',
            ready: true,
            restartCount: 0,
            state: { running: {} },
            lastState: { terminated: { finishedAt: '2026-01-02T00:00:00Z' } },
          },
        ],
      },
    };
    expect(cells(columns('', 'v1', 'pods'), restarted)).toMatchObject({
      Ready: '2/2',
      Status: 'Pending',
      Restarts: '2 (age(2026-01-02T00:00:00Z) ago)',
    });
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    expect(cells(columns('', 'v1', 'nodes'), node)).toMatchObject({
      Status: 'Ready,SchedulingDisabled',
      Roles: 'control-plane',
    });
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', creationTimestamp: '2026-01-01T00:00:00Z' },
      involvedObject: { kind: 'ConfigMap', name: 'cm-a' },
      lastTimestamp: '2026-01-02T00:00:00Z',
    };
    expect(cells(columns('', 'v1', 'events'), event, true)).toMatchObject({
      Object: 'configmap/cm-a',
      'Last Seen': 'age(2026-01-02T00:00:00Z)',
      'First Seen': '<unknown>',
      Count: 1,
      Source: '',
    });
    const reported = {
      ...event,
      lastTimestamp: undefined,
      eventTime: '2026-01-03T00:00:00.000000Z',
      reportingComponent: 'ctl',
      reportingInstance: 'ctl-1',
      message: ' spaced \n',
      count: 4,
    };
    expect(cells(columns('', 'v1', 'events'), reported, true)).toMatchObject({
      'Last Seen': 'age(2026-01-03T00:00:00.000000Z)',
      'First Seen': 'age(2026-01-03T00:00:00.000000Z)',
      Source: 'ctl, ctl-1',
      Message: 'spaced',
      Count: 4,
    });
  });

  it('tolerate malformed stored objects', () => {
    const broken = {
      apiVersion: 'v1',
      kind: 'X',
      metadata: { name: 'x' },
      spec: 'nope',
      status: 42,
      data: [],
    } as KubeObject;
    for (const def of registry.entries) {
      for (const column of def.printerColumns)
        expect(() => column.compute?.(broken, AGES), `${def.kind} ${column.name}`).not.toThrow();
    }
  });
});
