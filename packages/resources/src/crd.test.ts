import { describe, expect, it } from 'vitest';
import { CRD_CREATION_TIMESTAMP, crdName, customResourceDefinitionFor, deterministicUid } from './crd.js';
import { registry } from './registry.js';
import type { ResourceDefinition } from './types.js';
import { findUnknownFields, validateObject } from './validate.js';

const crdKind = registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
const customKinds = registry.entries.filter((entry) => entry.custom);

function def(group: string, plural: string): ResourceDefinition {
  const found = registry.entries.find((entry) => entry.group === group && entry.plural === plural);
  if (!found) throw new Error(`no entry ${plural}`);
  return found;
}

describe('customResourceDefinitionFor', () => {
  it.each(customKinds.map((entry) => [crdName(entry), entry] as const))(
    '%s is a valid CustomResourceDefinition',
    (name, entry) => {
      const crd = customResourceDefinitionFor(entry);
      if (!crdKind) throw new Error('CRD kind not served');
      expect(validateObject(crdKind, crd)).toEqual([]);
      expect(findUnknownFields(crdKind, crd)).toEqual([]);
      expect(crd.metadata).toMatchObject({
        name,
        uid: deterministicUid(name),
        resourceVersion: '1',
        generation: 1,
        creationTimestamp: CRD_CREATION_TIMESTAMP,
      });
      const spec = crd.spec as {
        group: string;
        scope: string;
        names: Record<string, unknown>;
        versions: { name: string; served: boolean; storage: boolean; subresources?: unknown }[];
      };
      expect(spec.group).toBe(entry.group);
      expect(spec.scope).toBe(entry.scope);
      expect(spec.names).toMatchObject({
        plural: entry.plural,
        singular: entry.singular,
        kind: entry.kind,
        listKind: entry.listKind,
      });
      expect(spec.versions.map((version) => version.name)).toEqual(entry.versions);
      expect(spec.versions.filter((version) => version.storage).map((version) => version.name)).toEqual([
        entry.storageVersion,
      ]);
      expect(spec.versions.every((version) => version.served)).toBe(true);
      for (const version of spec.versions) {
        expect(version.subresources).toEqual(entry.subresources.status ? { status: {} } : undefined);
      }
      expect(crd.status).toMatchObject({ storedVersions: [entry.storageVersion] });
    },
  );

  it('is deterministic, so the CRD list is stable across restarts', () => {
    const envoyFilter = def('networking.istio.io', 'envoyfilters');
    expect(customResourceDefinitionFor(envoyFilter)).toEqual(customResourceDefinitionFor(envoyFilter));
    const uids = customKinds.map((entry) => deterministicUid(crdName(entry)));
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids)
      expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('declares names, categories and the Established condition', () => {
    const envoyFilter = customResourceDefinitionFor(def('networking.istio.io', 'envoyfilters'));
    expect(envoyFilter.metadata.name).toBe('envoyfilters.networking.istio.io');
    expect((envoyFilter.spec as { names: unknown }).names).toEqual({
      plural: 'envoyfilters',
      singular: 'envoyfilter',
      kind: 'EnvoyFilter',
      listKind: 'EnvoyFilterList',
      categories: ['istio-io', 'networking-istio-io'],
    });
    const conditions = (envoyFilter.status as { conditions: { type: string; status: string }[] }).conditions;
    expect(conditions.find((condition) => condition.type === 'Established')?.status).toBe('True');
    const gateway = customResourceDefinitionFor(def('gateway.networking.k8s.io', 'gateways'));
    expect((gateway.spec as { names: { shortNames?: string[] } }).names.shortNames).toEqual(['gtw']);
    expect(gateway.metadata.annotations?.['gateway.networking.k8s.io/bundle-version']).toBe('v1.2.1');
    // kube-apiserver refuses a CRD of a protected (*.k8s.io) group without it (found by the oracle).
    expect(gateway.metadata.annotations?.['api-approved.kubernetes.io']).toMatch(/^https:\/\//);
  });

  it('carries printer columns only where the CRD declares more than Name and Age', () => {
    const columns = (entry: ResourceDefinition) =>
      (
        customResourceDefinitionFor(entry).spec as {
          versions: { additionalPrinterColumns?: { name: string }[] }[];
        }
      ).versions[0]?.additionalPrinterColumns;
    expect(columns(def('networking.higress.io', 'mcpbridges'))).toBeUndefined();
    expect(columns(def('gateway.networking.k8s.io', 'gatewayclasses'))?.map((column) => column.name)).toEqual(
      ['Controller', 'Accepted', 'Age', 'Description'],
    );
  });

  it('gives the CRD kind a schema for the openAPIV3Schema of every custom kind', () => {
    const mcp = customResourceDefinitionFor(def('networking.higress.io', 'mcpbridges'));
    const schema = (mcp.spec as { versions: { schema: { openAPIV3Schema: Record<string, unknown> } }[] })
      .versions[0]?.schema.openAPIV3Schema;
    expect(schema?.type).toBe('object');
    expect(JSON.stringify(schema)).toContain('"registries"');
  });
});
