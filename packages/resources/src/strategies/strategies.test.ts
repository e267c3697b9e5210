import { describe, expect, it } from 'vitest';
import { registry } from '../registry.js';
import type { KubeObject, ResourceDefinition } from '../types.js';
import { validateObject } from '../validate.js';
import { base64ErrorOffset } from './data-keys.js';

function def(plural: string): ResourceDefinition {
  const found = registry.find('', 'v1', plural);
  if (!found?.strategy) throw new Error(`no strategy for ${plural}`);
  return found;
}

function prepareForCreate(plural: string, object: KubeObject): KubeObject {
  def(plural).strategy?.prepareForCreate?.(object);
  return object;
}

function applyDefaults(plural: string, object: KubeObject): KubeObject {
  def(plural).strategy?.applyDefaults?.(object);
  return object;
}

describe('Secret strategy', () => {
  it('merges stringData into data as base64, drops stringData and defaults the type', () => {
    const secret = prepareForCreate('secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { keep: 'a2VlcA==', override: 'b2xk' },
      stringData: { override: 'new', 'unicode.txt': 'héllo' },
    });
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { keep: 'a2VlcA==', override: 'bmV3', 'unicode.txt': Buffer.from('héllo').toString('base64') },
      type: 'Opaque',
    });
    expect(validateObject(def('secrets'), secret)).toEqual([]);
  });

  it('keeps an explicit type and applies the same normalisation on update', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'kubernetes.io/basic-auth',
      stringData: { username: 'admin' },
    };
    def('secrets').strategy?.prepareForUpdate?.(secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
    });
    expect(secret.type).toBe('kubernetes.io/basic-auth');
    expect(secret.data).toEqual({ username: 'YWRtaW4=' });
    expect(secret.stringData).toBeUndefined();
  });
});

describe('Namespace strategy', () => {
  it('makes a new namespace Active, with the kubernetes finalizer and the name label', () => {
    const created = prepareForCreate('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n', labels: { team: 'a' } },
      spec: { finalizers: ['example.com/x'] },
    });
    expect(created.status).toEqual({ phase: 'Active' });
    expect(created.spec).toEqual({ finalizers: ['example.com/x', 'kubernetes'] });
    expect(created.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'n' });
  });

  it('keeps the stored spec.finalizers and the name label on update; drops finalizers only while deleting', () => {
    const strategy = def('namespaces').strategy!;
    const old = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n', labels: { 'kubernetes.io/metadata.name': 'n' } },
      spec: { finalizers: ['kubernetes'] },
    };
    const next = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' }, spec: { finalizers: [] } };
    strategy.prepareForUpdate?.(next, old);
    expect(next.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(next.metadata).toEqual({ name: 'n', labels: { 'kubernetes.io/metadata.name': 'n' } });
    const deleting = { ...old, metadata: { ...old.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    const released = { ...deleting, spec: { finalizers: [] } };
    strategy.prepareForUpdate?.(released, deleting);
    expect(released.spec).toEqual({ finalizers: [] });
    const added = { ...deleting, spec: { finalizers: ['kubernetes', 'example.com/new'] } };
    strategy.prepareForUpdate?.(added, deleting);
    expect(added.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(strategy.holdsDeletion?.(deleting)).toBe(true);
    expect(strategy.holdsDeletion?.(released)).toBe(false);
  });
});

describe('Service strategy', () => {
  it('defaults type, session affinity, port protocol and target port', () => {
    const service = applyDefaults('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { ports: [{ port: 80 }, { name: 'b', port: 443, targetPort: 'https', protocol: 'TCP' }] },
    });
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { name: 'b', port: 443, targetPort: 'https', protocol: 'TCP' },
      ],
    });
    expect(service.status).toEqual({ loadBalancer: {} });
  });

  it('keeps explicit values', () => {
    const service = applyDefaults('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 80, protocol: 'UDP' }] },
    });
    expect(service.spec).toMatchObject({
      type: 'LoadBalancer',
      sessionAffinity: 'ClientIP',
      ports: [{ protocol: 'UDP' }],
    });
  });

  it('requires externalName for ExternalName services', () => {
    expect(
      validateObject(def('services'), {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'e' },
        spec: { type: 'ExternalName' },
      }),
    ).toEqual([{ field: 'spec.externalName', reason: 'FieldValueRequired', message: 'Required value' }]);
  });
});

describe('base64ErrorOffset', () => {
  it('finds the first illegal byte as Go encoding/base64 reports it', () => {
    expect(base64ErrorOffset('aGVsbG8=')).toBe(-1);
    expect(base64ErrorOffset('aGVs\nbG8=')).toBe(-1);
    expect(base64ErrorOffset('')).toBe(-1);
    expect(base64ErrorOffset('not base64!')).toBe(3);
    expect(base64ErrorOffset('aGVsbG8')).toBe(4);
    expect(base64ErrorOffset('aGVsbG8=x')).toBe(8);
    expect(base64ErrorOffset('aGVsbA===')).toBe(8);
  });
});
