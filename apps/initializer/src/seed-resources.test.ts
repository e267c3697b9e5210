import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { IDENTITIES } from './identities.js';
import { DEFAULT_MESH, seedResources } from './seed-resources.js';

const find = (seeds: ReturnType<typeof seedResources>, kind: string, name: string) =>
  seeds.find((s) => s.object.kind === kind && s.object.metadata?.name === name)?.object as unknown;

describe('seed content', () => {
  it('points the mesh at the compose topology', () => {
    const mesh = parse(DEFAULT_MESH);
    expect(mesh.configSources).toEqual([{ address: 'xds://controller:15051' }, { address: 'k8s://' }]);
    expect(mesh.defaultConfig.discoveryAddress).toBe('pilot:15012');
    expect(mesh.ingressControllerMode).toBe('OFF');
    expect(mesh).toMatchObject({
      rootNamespace: 'higress-system',
      trustDomain: 'cluster.local',
      enableAutoMtls: false,
    });
  });

  it('adds the Nacos registry and its auth secret only when Nacos is configured', () => {
    const plain = seedResources();
    const registries = (find(plain, 'McpBridge', 'default') as { spec: { registries: unknown[] } }).spec
      .registries;
    expect(registries).toEqual([{ domain: 'console.svc', name: 'higress-console', port: 8080, type: 'dns' }]);
    expect(find(plain, 'Secret', 'nacos-auth-default')).toBeUndefined();

    const withNacos = seedResources({
      nacosServer: 'http://nacos:8848/nacos',
      nacosUsername: 'u',
      nacosPassword: 'p',
    });
    const bridge = find(withNacos, 'McpBridge', 'default') as {
      spec: { registries: Record<string, unknown>[] };
    };
    expect(bridge.spec.registries[1]).toMatchObject({
      domain: 'nacos',
      port: 8848,
      type: 'nacos2',
      authSecretName: 'nacos-auth-default',
    });
    const secret = find(withNacos, 'Secret', 'nacos-auth-default') as { data: Record<string, string> };
    expect(Buffer.from(secret.data.nacosUsername!, 'base64').toString()).toBe('u');
  });

  it('binds each component identity to a role limited to what it uses', () => {
    const seeds = seedResources();
    for (const component of ['controller', 'pilot', 'console'] as const) {
      const binding = find(seeds, 'ClusterRoleBinding', `higress-${component}`) as {
        subjects: { kind: string; name: string }[];
        roleRef: { name: string };
      };
      expect(binding.subjects).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: IDENTITIES[component].user },
      ]);
      expect(binding.roleRef.name).toBe(`higress-${component}`);
    }
    type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[] };
    const rules = (name: string) => (find(seeds, 'ClusterRole', name) as { rules: Rule[] }).rules;
    const allows = (rs: Rule[], group: string, resource: string, verb: string) =>
      rs.some(
        (r) => r.apiGroups?.includes(group) && r.resources?.includes(resource) && r.verbs.includes(verb),
      );
    expect(allows(rules('higress-pilot'), 'authorization.k8s.io', 'subjectaccessreviews', 'create')).toBe(
      true,
    );
    expect(allows(rules('higress-pilot'), '', 'configmaps', 'create')).toBe(true);
    expect(allows(rules('higress-pilot'), '', 'secrets', 'create')).toBe(false);
    expect(allows(rules('higress-controller'), 'networking.k8s.io', 'ingresses/status', 'update')).toBe(true);
    expect(allows(rules('higress-controller'), 'networking.higress.io', 'mcpbridges', 'create')).toBe(false);
    expect(allows(rules('higress-console'), 'networking.higress.io', 'mcpbridges', 'delete')).toBe(true);
    // what Pilot's SubjectAccessReview asks about the gateway: list secrets in higress-system
    const gatewayRole = find(seeds, 'Role', 'higress-gateway') as { rules: Rule[] };
    expect(allows(gatewayRole.rules, '', 'secrets', 'list')).toBe(true);
    const gatewayBinding = find(seeds, 'RoleBinding', 'higress-gateway') as { subjects: { name: string }[] };
    expect(gatewayBinding.subjects[0]!.name).toBe('system:serviceaccount:higress-system:higress-gateway');
    expect(find(seeds, 'ClusterRoleBinding', 'higress-admin')).toBeUndefined(); // admin is in system:masters
  });
});
