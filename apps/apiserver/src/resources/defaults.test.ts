/**
 * Scheme defaults, zero values and default admission as kube-apiserver applies them to what a
 * client writes (registry strategies' `applyDefaults`/`mutatingAdmission`, run by the store's
 * write path), seen through HTTP: on create, on update and patch, and what GET shows afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, json } from '../testing/harness.js';

const NS = '/api/v1/namespaces/d';
const SLICES = '/apis/discovery.k8s.io/v1/namespaces/d/endpointslices';

type Obj = Record<string, unknown>;

/** The value at a dot path (`spec.containers.0.image`). */
const at = (obj: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], obj);

describe('upstream defaults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('memory');
  });
  afterAll(() => h.close());

  const send = async (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown, type?: string) => {
    const res = await h.app.inject({
      method,
      url,
      payload: payload as object,
      headers: {
        'content-type': type ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json'),
      },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return json(res.body) as Obj;
  };
  const get = async (url: string) => json((await h.app.inject(url)).body) as Obj;

  it('fills a new Pod as kube-apiserver does: spec defaults, Pending status, tolerations, priority', async () => {
    const pod = await send('POST', `${NS}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: {
        containers: [
          { name: 'app', image: 'busybox:1.36', ports: [{ containerPort: 80 }] },
          { name: 'side', image: 'registry.local:5000/side' },
        ],
      },
    });
    expect(at(pod, 'spec')).toEqual({
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
        {
          name: 'side',
          image: 'registry.local:5000/side',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'Always',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(at(pod, 'status')).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect((await get(`${NS}/pods/web`)).spec).toEqual(at(pod, 'spec'));
  });

  it('copies limits into missing requests and classes the Pod by them', async () => {
    const resources = { limits: { cpu: '500m', memory: '128Mi' } };
    const pod = await send('POST', `${NS}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sized' },
      spec: { containers: [{ name: 'app', image: 'busybox', resources }] },
    });
    expect(at(pod, 'spec.containers.0.resources')).toEqual({ ...resources, requests: resources.limits });
    expect(at(pod, 'status.qosClass')).toBe('Guaranteed');
  });

  it('keeps what the client set and the admitted fields across an update without them', async () => {
    const created = await send('POST', `${NS}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'own' },
      spec: {
        containers: [{ name: 'app', image: 'busybox:latest', imagePullPolicy: 'Never' }],
        dnsPolicy: 'Default',
        tolerations: [{ operator: 'Exists' }],
      },
    });
    expect(at(created, 'spec.containers.0.imagePullPolicy')).toBe('Never');
    expect(at(created, 'spec.dnsPolicy')).toBe('Default');
    expect(at(created, 'spec.tolerations')).toEqual([{ operator: 'Exists' }]);
    const { priority: _p, preemptionPolicy: _pp, ...withoutPriority } = at(created, 'spec') as Obj;
    const updated = await send('PUT', `${NS}/pods/own`, {
      ...created,
      spec: { ...withoutPriority, activeDeadlineSeconds: 60 },
    });
    expect(at(updated, 'spec')).toEqual({ ...(at(created, 'spec') as Obj), activeDeadlineSeconds: 60 });
  });

  it('taints a new Node not-ready and writes its zero status', async () => {
    const node = await send('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: {},
    });
    expect(at(node, 'spec')).toEqual({
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
    });
    expect(at(node, 'status')).toEqual({
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: '',
        osImage: '',
        containerRuntimeVersion: '',
        kubeletVersion: '',
        kubeProxyVersion: '',
        operatingSystem: '',
        architecture: '',
      },
    });
    // the taint is added on create only: a client may remove it
    const patched = await send('PATCH', '/api/v1/nodes/n1', { spec: { taints: null, unschedulable: true } });
    expect(at(patched, 'spec')).toEqual({ unschedulable: true });
  });

  it('keeps the status a Node is created with, allocatable defaulting to capacity', async () => {
    const node = await send('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n2' },
      status: { capacity: { cpu: '4' } },
    });
    expect(at(node, 'status')).toMatchObject({ capacity: { cpu: '4' }, allocatable: { cpu: '4' } });
  });

  it('defaults Endpoints port protocols on create and on patch', async () => {
    const body = { subsets: [{ addresses: [{ ip: '10.1.0.1' }], ports: [{ name: 'http', port: 80 }] }] };
    const created = await send('POST', `${NS}/endpoints`, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'ep' },
      ...body,
    });
    expect(at(created, 'subsets.0.ports')).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    const patched = await send('PATCH', `${NS}/endpoints/ep`, {
      subsets: [
        {
          addresses: [{ ip: '10.1.0.2' }],
          ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { port: 81 }],
        },
      ],
    });
    expect(at(patched, 'subsets.0.ports')).toEqual([
      { name: 'dns', port: 53, protocol: 'UDP' },
      { port: 81, protocol: 'TCP' },
    ]);
  });

  it('writes an Event with its unset times as null and reporting fields as ""', async () => {
    const event = await send('POST', `${NS}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'ev' },
      involvedObject: { kind: 'ConfigMap', name: 'x', namespace: 'd' },
      reason: 'Tested',
    });
    expect(event).toMatchObject({
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
      source: {},
    });
    const table = await h.app.inject({
      url: `${NS}/events/ev`,
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    });
    expect(table.statusCode).toBe(200);
  });

  it('defaults EndpointSlice ports and endpoint conditions, and bumps its generation on label changes', async () => {
    const slice = await send('POST', SLICES, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 's' },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.0.1'] }],
      ports: [{ port: 80 }],
    });
    expect(at(slice, 'endpoints')).toEqual([{ addresses: ['10.1.0.1'], conditions: {} }]);
    expect(at(slice, 'ports')).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(at(slice, 'metadata.generation')).toBe(1);
    const labelled = await send('PATCH', `${SLICES}/s`, { metadata: { labels: { a: 'b' } } });
    expect(at(labelled, 'metadata.generation')).toBe(2);
    const annotated = await send('PATCH', `${SLICES}/s`, { metadata: { annotations: { a: 'b' } } });
    expect(at(annotated, 'metadata.generation')).toBe(2);
    const moved = await send('PATCH', `${SLICES}/s`, { endpoints: [{ addresses: ['10.1.0.9'] }] });
    expect(at(moved, 'metadata.generation')).toBe(3);
    expect(at(moved, 'endpoints')).toEqual([{ addresses: ['10.1.0.9'], conditions: {} }]);
  });

  it('defaults a Service: traffic policy, IP families and the zero load-balancer status', async () => {
    const service = await send('POST', `${NS}/services`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
    });
    expect(at(service, 'spec')).toEqual({
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    expect(at(service, 'status')).toEqual({ loadBalancer: {} });
  });

  it('defaults RBAC binding groups', async () => {
    const binding = await send('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/d/rolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb' },
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'default', namespace: 'd' },
      ],
    });
    expect(at(binding, 'roleRef')).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'view',
    });
    expect(at(binding, 'subjects')).toEqual([
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'd' },
    ]);
  });
});

describe('empty metadata maps', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('memory');
  });
  afterAll(() => h.close());

  it('drops empty labels and annotations sent on create, and the map a patch empties', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: `${NS}/configmaps`,
      payload: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'e', labels: {}, annotations: {} } },
    });
    expect(created.statusCode).toBe(201);
    expect(json(created.body).metadata).not.toHaveProperty('labels');
    expect(json(created.body).metadata).not.toHaveProperty('annotations');
    await h.app.inject({
      method: 'PATCH',
      url: `${NS}/configmaps/e`,
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: { metadata: { labels: { a: 'b' } } },
    });
    const emptied = await h.app.inject({
      method: 'PATCH',
      url: `${NS}/configmaps/e`,
      headers: { 'content-type': 'application/json-patch+json' },
      payload: [{ op: 'remove', path: '/metadata/labels/a' }],
    });
    expect(emptied.statusCode).toBe(200);
    expect(json(emptied.body).metadata).not.toHaveProperty('labels');
    const got = json((await h.app.inject(`${NS}/configmaps/e`)).body);
    expect(got.metadata).not.toHaveProperty('labels');
  });
});
