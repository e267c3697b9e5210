import { describe, expect, it } from 'vitest';
import { groupVersion, parseApiVersion } from './group-version.js';
import { createRegistry, registry } from './registry.js';
import type { ResourceDefinition, Scope } from './types.js';

const FULL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Every field of ResourceDefinition; `strategy` is the only optional one. */
const DECLARED_FIELDS = [
  'group',
  'versions',
  'storageVersion',
  'kind',
  'listKind',
  'plural',
  'singular',
  'shortNames',
  'categories',
  'scope',
  'nameFormat',
  'verbs',
  'schema',
  'printerColumns',
  'fieldSelectors',
  'subresources',
  'encryptAtRest',
  'listMergeKeys',
  'custom',
  'virtual',
  'allowCreateOnUpdate',
  'tracksGeneration',
  'description',
];

/** The kinds of the entries `keep` accepts, sorted. */
const kindsWhere = (keep: (def: ResourceDefinition) => boolean) =>
  registry.entries
    .filter(keep)
    .map((def) => def.kind)
    .sort();

function entry(group: string, plural: string): ResourceDefinition {
  const found = registry.entries.find(
    (candidate) => candidate.group === group && candidate.plural === plural,
  );
  if (!found) throw new Error(`no entry ${plural}.${group}`);
  return found;
}

describe('registry entries', () => {
  it('declares every ResourceDefinition field on every entry, with a usable schema', () => {
    for (const def of registry.entries) {
      for (const field of DECLARED_FIELDS) expect(def, `${def.kind}.${field}`).toHaveProperty(field);
      expect(typeof def.schema.safeParse, def.kind).toBe('function');
      expect(def.versions).toContain(def.storageVersion);
      expect(def.listKind).toBe(`${def.kind}List`);
      expect(def.plural).toBe(def.plural.toLowerCase());
      expect(def.singular).toBe(def.singular.toLowerCase());
      expect(def.description.length).toBeGreaterThan(0);
      expect(def.printerColumns.some((column) => column.name === 'Name')).toBe(true);
    }
  });

  it('has a unique plural per group and globally (storage keys use the plural alone)', () => {
    const plurals = registry.entries.map((def) => def.plural);
    expect(new Set(plurals).size).toBe(plurals.length);
    const kinds = registry.entries.map((def) => `${def.group}/${def.kind}`);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it('has unique short names that never collide with a plural or singular', () => {
    const shortNames = registry.entries.flatMap((def) => def.shortNames);
    expect(new Set(shortNames).size).toBe(shortNames.length);
    const names = new Set(registry.entries.flatMap((def) => [def.plural, def.singular]));
    for (const shortName of shortNames) expect(names.has(shortName), shortName).toBe(false);
  });

  it('serves every kind the Higress controller, Pilot and kubectl need, with the real scope', () => {
    const expected: [string, string, Scope][] = [
      ['', 'namespaces', 'Cluster'],
      ['', 'nodes', 'Cluster'],
      ['', 'services', 'Namespaced'],
      ['', 'pods', 'Namespaced'],
      ['', 'endpoints', 'Namespaced'],
      ['', 'secrets', 'Namespaced'],
      ['', 'configmaps', 'Namespaced'],
      ['', 'events', 'Namespaced'],
      ['', 'serviceaccounts', 'Namespaced'],
      ['discovery.k8s.io', 'endpointslices', 'Namespaced'],
      ['networking.k8s.io', 'ingresses', 'Namespaced'],
      ['networking.k8s.io', 'ingressclasses', 'Cluster'],
      ['apiextensions.k8s.io', 'customresourcedefinitions', 'Cluster'],
      ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'Cluster'],
      ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'Cluster'],
      ['networking.istio.io', 'envoyfilters', 'Namespaced'],
      ['networking.higress.io', 'mcpbridges', 'Namespaced'],
      ['networking.higress.io', 'http2rpcs', 'Namespaced'],
      ['extensions.higress.io', 'wasmplugins', 'Namespaced'],
      ['coordination.k8s.io', 'leases', 'Namespaced'],
      ['rbac.authorization.k8s.io', 'roles', 'Namespaced'],
      ['rbac.authorization.k8s.io', 'clusterroles', 'Cluster'],
      ['rbac.authorization.k8s.io', 'rolebindings', 'Namespaced'],
      ['rbac.authorization.k8s.io', 'clusterrolebindings', 'Cluster'],
      ['gateway.networking.k8s.io', 'gatewayclasses', 'Cluster'],
      ['gateway.networking.k8s.io', 'gateways', 'Namespaced'],
      ['gateway.networking.k8s.io', 'httproutes', 'Namespaced'],
      ['gateway.networking.k8s.io', 'referencegrants', 'Namespaced'],
      ['authorization.k8s.io', 'subjectaccessreviews', 'Cluster'],
      ['authorization.k8s.io', 'selfsubjectaccessreviews', 'Cluster'],
      ['authorization.k8s.io', 'localsubjectaccessreviews', 'Namespaced'],
      ['authentication.k8s.io', 'tokenreviews', 'Cluster'],
    ];
    for (const [group, plural, scope] of expected)
      expect(entry(group, plural).scope, `${plural}.${group}`).toBe(scope);
    expect(registry.entries).toHaveLength(expected.length);
  });

  it('declares the versions clients use', () => {
    expect(entry('networking.istio.io', 'envoyfilters').versions).toEqual(['v1alpha3']);
    expect(entry('networking.higress.io', 'mcpbridges').versions).toEqual(['v1']);
    expect(entry('extensions.higress.io', 'wasmplugins').versions).toEqual(['v1alpha1']);
    expect(entry('gateway.networking.k8s.io', 'gateways').versions).toEqual(['v1', 'v1beta1']);
    expect(entry('gateway.networking.k8s.io', 'gatewayclasses').storageVersion).toBe('v1');
    expect(entry('gateway.networking.k8s.io', 'referencegrants').versions).toEqual(['v1beta1']);
  });

  it('gives stored kinds every verb (namespaces no deletecollection), CRDs read-only verbs and review kinds create only', () => {
    for (const def of registry.entries) {
      if (def.virtual) expect(def.verbs, def.kind).toEqual(['create']);
      else if (def.plural === 'customresourcedefinitions')
        expect(def.verbs).toEqual(['get', 'list', 'watch']);
      else if (def.plural === 'namespaces') {
        expect(def.verbs).toEqual(FULL_VERBS.filter((verb) => verb !== 'deletecollection'));
      } else expect(def.verbs, def.kind).toEqual(FULL_VERBS);
    }
    const virtual = registry.entries.filter((def) => def.virtual).map((def) => def.plural);
    expect(virtual.sort()).toEqual([
      'localsubjectaccessreviews',
      'selfsubjectaccessreviews',
      'subjectaccessreviews',
      'tokenreviews',
    ]);
  });

  it('declares short names, categories and name rules as kube-apiserver and the CRDs do', () => {
    expect(entry('', 'namespaces').shortNames).toEqual(['ns']);
    expect(entry('', 'nodes').shortNames).toEqual(['no']);
    expect(entry('', 'services').shortNames).toEqual(['svc']);
    expect(entry('', 'pods').shortNames).toEqual(['po']);
    expect(entry('', 'endpoints').shortNames).toEqual(['ep']);
    expect(entry('', 'configmaps').shortNames).toEqual(['cm']);
    expect(entry('', 'events').shortNames).toEqual(['ev']);
    expect(entry('', 'serviceaccounts').shortNames).toEqual(['sa']);
    expect(entry('networking.k8s.io', 'ingresses').shortNames).toEqual(['ing']);
    expect(entry('apiextensions.k8s.io', 'customresourcedefinitions').shortNames).toEqual(['crd', 'crds']);
    expect(entry('', 'services').categories).toEqual(['all']);
    expect(entry('', 'pods').categories).toEqual(['all']);
    expect(entry('', 'configmaps').categories).toEqual([]);
    expect(entry('networking.higress.io', 'mcpbridges').categories).toEqual(['higress-io']);
    expect(entry('extensions.higress.io', 'wasmplugins').categories).toEqual([
      'higress-io',
      'extensions-higress-io',
    ]);
    expect(entry('', 'namespaces').nameFormat).toBe('dns1123-label');
    expect(entry('', 'services').nameFormat).toBe('dns1123-label');
    expect(entry('', 'configmaps').nameFormat).toBe('dns1123-subdomain');
    for (const plural of ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']) {
      expect(entry('rbac.authorization.k8s.io', plural).nameFormat).toBe('path-segment');
    }
  });

  it('encrypts only Secrets at rest and gives custom kinds no strategic-merge metadata', () => {
    expect(registry.entries.filter((def) => def.encryptAtRest).map((def) => def.kind)).toEqual(['Secret']);
    for (const def of registry.entries.filter((candidate) => candidate.custom)) {
      expect(def.listMergeKeys, def.kind).toEqual([]);
    }
    expect(
      registry.entries
        .filter((def) => def.custom)
        .map((def) => `${def.plural}.${def.group}`)
        .sort(),
    ).toEqual([
      'envoyfilters.networking.istio.io',
      'gatewayclasses.gateway.networking.k8s.io',
      'gateways.gateway.networking.k8s.io',
      'http2rpcs.networking.higress.io',
      'httproutes.gateway.networking.k8s.io',
      'mcpbridges.networking.higress.io',
      'referencegrants.gateway.networking.k8s.io',
      'wasmplugins.extensions.higress.io',
    ]);
  });

  it('creates on PUT exactly for the kinds whose upstream strategy AllowCreateOnUpdate() is true', () => {
    // pkg/registry/{core/endpoint,core/event,core/service,coordination/lease,rbac/*}/strategy.go
    expect(kindsWhere((def) => def.allowCreateOnUpdate)).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'Endpoints',
      'Event',
      'Lease',
      'Role',
      'RoleBinding',
      'Service',
    ]);
  });

  it('tracks metadata.generation exactly for the kinds whose upstream strategy sets it', () => {
    // PrepareForCreate sets Generation = 1 in pkg/registry/{networking/ingress,networking/ingressclass,
    // discovery/endpointslice,admissionregistration/*webhookconfiguration}/strategy.go and in
    // apiextensions-apiserver's customresourcedefinition and customresource strategies.
    expect(kindsWhere((def) => def.tracksGeneration)).toEqual(
      [
        'CustomResourceDefinition',
        'EndpointSlice',
        'Ingress',
        'IngressClass',
        'MutatingWebhookConfiguration',
        'ValidatingWebhookConfiguration',
        ...registry.entries.filter((def) => def.custom).map((def) => def.kind),
      ].sort(),
    );
  });

  it('declares the strategic-merge keys of the Kubernetes Go types', () => {
    const keys = (group: string, plural: string) =>
      Object.fromEntries(entry(group, plural).listMergeKeys.map((key) => [key.path, key]));
    expect(keys('', 'services')['spec.ports']).toMatchObject({ mergeKey: 'port', strategy: 'merge' });
    const pod = keys('', 'pods');
    expect(pod['spec.containers']).toMatchObject({ mergeKey: 'name', strategy: 'merge' });
    expect(pod['spec.containers[].env']).toMatchObject({ mergeKey: 'name' });
    expect(pod['spec.containers[].ports']).toMatchObject({ mergeKey: 'containerPort' });
    expect(pod['spec.containers[].volumeMounts']).toMatchObject({ mergeKey: 'mountPath' });
    expect(pod['spec.volumes']).toMatchObject({ mergeKey: 'name', strategy: 'merge,retainKeys' });
    expect(pod['metadata.finalizers']).toMatchObject({ strategy: 'merge' });
    expect(pod['metadata.ownerReferences']).toMatchObject({ mergeKey: 'uid' });
    expect(keys('', 'endpoints').subsets).toMatchObject({ listType: 'atomic' });
  });

  it('declares field selectors clients send', () => {
    const fields = (group: string, plural: string) =>
      entry(group, plural).fieldSelectors.map((spec) => spec.field);
    expect(fields('', 'secrets')).toEqual(['type']);
    expect(fields('', 'events')).toEqual(
      expect.arrayContaining([
        'involvedObject.kind',
        'involvedObject.namespace',
        'involvedObject.name',
        'involvedObject.uid',
        'involvedObject.resourceVersion',
        'involvedObject.fieldPath',
        'reason',
        'source',
        'type',
      ]),
    );
    expect(fields('', 'pods')).toEqual(expect.arrayContaining(['spec.nodeName', 'status.phase']));
    expect(fields('', 'namespaces')).toEqual(['status.phase']);
    expect(entry('', 'events').fieldSelectors.find((spec) => spec.field === 'source')?.path).toBe(
      'source.component',
    );
  });
});

describe('registry look-ups', () => {
  it('lists groups core first, then by name, with the preferred version first', () => {
    const groups = registry.groups();
    expect(groups[0]).toEqual({ group: '', versions: ['v1'], preferredVersion: 'v1' });
    const names = groups.slice(1).map((group) => group.group);
    expect(names).toEqual([...names].sort());
    expect(groups.find((group) => group.group === 'gateway.networking.k8s.io')).toEqual({
      group: 'gateway.networking.k8s.io',
      versions: ['v1', 'v1beta1'],
      preferredVersion: 'v1',
    });
  });

  it('finds entries by plural, singular or short name, only at served versions', () => {
    expect(registry.find('', 'v1', 'configmaps')?.kind).toBe('ConfigMap');
    expect(registry.find('', 'v1', 'cm')?.kind).toBe('ConfigMap');
    expect(registry.find('', 'v1', 'configmap')?.kind).toBe('ConfigMap');
    expect(registry.find('networking.higress.io', 'v1', 'mcpbridges')?.kind).toBe('McpBridge');
    expect(registry.find('networking.higress.io', 'v1alpha1', 'mcpbridges')).toBeUndefined();
    expect(registry.find('', 'v1', 'mcpbridges')).toBeUndefined();
    expect(registry.find('gateway.networking.k8s.io', 'v1', 'referencegrants')).toBeUndefined();
    expect(registry.find('gateway.networking.k8s.io', 'v1beta1', 'referencegrants')?.kind).toBe(
      'ReferenceGrant',
    );
  });

  it('resolves objects by apiVersion and kind', () => {
    expect(registry.forObject('v1', 'Secret')?.plural).toBe('secrets');
    expect(registry.forObject('networking.istio.io/v1alpha3', 'EnvoyFilter')?.plural).toBe('envoyfilters');
    expect(registry.forObject('gateway.networking.k8s.io/v1beta1', 'Gateway')?.plural).toBe('gateways');
    expect(registry.forObject('networking.istio.io/v1', 'EnvoyFilter')).toBeUndefined();
    expect(registry.forObject('v1', 'Deployment')).toBeUndefined();
  });

  it('lists the resources of a group-version', () => {
    const plurals = registry.resourcesFor('networking.k8s.io', 'v1').map((def) => def.plural);
    expect(plurals.sort()).toEqual(['ingressclasses', 'ingresses']);
    expect(registry.resourcesFor('nope.io', 'v1')).toEqual([]);
  });

  it('builds look-ups over any entry list', () => {
    const only = registry.entries.filter((def) => def.group === 'networking.higress.io');
    const small = createRegistry(only);
    expect(small.groups()).toEqual([
      { group: 'networking.higress.io', versions: ['v1'], preferredVersion: 'v1' },
    ]);
    expect(small.find('', 'v1', 'configmaps')).toBeUndefined();
  });

  it('converts between apiVersion and group/version', () => {
    expect(parseApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(parseApiVersion('networking.k8s.io/v1')).toEqual({ group: 'networking.k8s.io', version: 'v1' });
    expect(groupVersion('', 'v1')).toBe('v1');
    expect(groupVersion('networking.k8s.io', 'v1')).toBe('networking.k8s.io/v1');
  });
});
