import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './envelope.js';
import { entry, envelope, gogoMeta, message, str, sub } from './test-helpers/encoder.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const decode = (kind: string, ...fields: Uint8Array[]) =>
  decodeKubernetesProtobuf(envelope(RBAC, kind, message(...fields)));

describe('rbac.authorization.k8s.io/v1 descriptors', () => {
  it('Role and ClusterRole: rules keep the core group "", aggregationRule', () => {
    const rule = sub(
      2,
      str(1, 'get'),
      str(1, 'list'),
      str(2, ''),
      str(2, 'apps'),
      str(3, 'pods'),
      str(4, 'p1'),
    );
    expect(decode('Role', gogoMeta('r', 'x'), rule)).toEqual({
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: 'r', namespace: 'x' },
      rules: [
        { verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods'], resourceNames: ['p1'] },
      ],
    });
    const cr = decode(
      'ClusterRole',
      gogoMeta('cr'),
      sub(2, str(1, 'get'), str(5, '/logs/*')),
      sub(3, sub(1, entry(1, 'rbac.example.com/aggregate', str(2, 'true')))),
    );
    expect(cr).toMatchObject({
      rules: [{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }] },
    });
  });

  it('RoleBinding and ClusterRoleBinding: subjects and roleRef', () => {
    const subjects = [
      sub(2, str(1, 'User'), str(2, 'rbac.authorization.k8s.io'), str(3, 'alice'), str(4, '')),
      sub(2, str(1, 'ServiceAccount'), str(2, ''), str(3, 'sa'), str(4, 'x')),
    ];
    const rb = decode(
      'RoleBinding',
      gogoMeta('rb', 'x'),
      ...subjects,
      sub(3, str(1, 'rbac.authorization.k8s.io'), str(2, 'Role'), str(3, 'r')),
    );
    expect(rb).toMatchObject({
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'x' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    });
    const crb = decode('ClusterRoleBinding', gogoMeta('crb'), sub(3, str(2, 'ClusterRole'), str(3, 'view')));
    expect(crb).toEqual({
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb' },
      roleRef: { kind: 'ClusterRole', name: 'view' },
    });
  });
});
