/** rbac.authorization.k8s.io/v1: names are path segments (pkg/apis/rbac/validation ValidateRBACName). */
import {
  clusterRoleBindingSchema,
  clusterRoleSchema,
  roleBindingSchema,
  roleSchema,
} from '../schemas/rbac.js';
import { bindingStrategy } from '../strategies/rbac.js';
import type { KubeObject, PrinterColumn, ResourceDefinition } from '../types.js';
import { FIELD_DOCS } from './column-docs.js';
import { ageColumn, createdAtColumn, listAt, nameColumn, stringAt } from './columns.js';
import { builtInKind } from './common.js';

/** Subjects of a kind, comma-joined (`namespace/name` for service accounts). */
function subjects(kind: string): (obj: KubeObject) => string {
  return (obj) =>
    listAt(obj, 'subjects')
      .filter((subject) => stringAt(subject, 'kind') === kind)
      .map((subject) =>
        kind === 'ServiceAccount'
          ? `${stringAt(subject, 'namespace')}/${stringAt(subject, 'name')}`
          : stringAt(subject, 'name'),
      )
      .join(', ');
}

/** The columns of a (Cluster)RoleBinding; `noun` and the roleRef doc differ per kind (printers.go). */
function bindingColumns(roleRefDoc: string, noun: string): readonly PrinterColumn[] {
  return [
    nameColumn,
    {
      name: 'Role',
      type: 'string',
      jsonPath: '.roleRef',
      compute: (obj) => `${stringAt(obj, 'roleRef.kind')}/${stringAt(obj, 'roleRef.name')}`,
      description: roleRefDoc,
    },
    ageColumn,
    {
      name: 'Users',
      type: 'string',
      jsonPath: '.subjects',
      priority: 1,
      compute: subjects('User'),
      description: `Users in the ${noun}`,
    },
    {
      name: 'Groups',
      type: 'string',
      jsonPath: '.subjects',
      priority: 1,
      compute: subjects('Group'),
      description: `Groups in the ${noun}`,
    },
    {
      name: 'ServiceAccounts',
      type: 'string',
      jsonPath: '.subjects',
      priority: 1,
      compute: subjects('ServiceAccount'),
      description: `ServiceAccounts in the ${noun}`,
    },
  ];
}

const common = {
  group: 'rbac.authorization.k8s.io',
  versions: ['v1'],
  nameFormat: 'path-segment',
  // AllowCreateOnUpdate is true for every RBAC kind (pkg/registry/rbac/*/strategy.go)
  allowCreateOnUpdate: true,
} as const;

export const roleKind = builtInKind({
  ...common,
  escalationCheck: 'grantedRules',
  kind: 'Role',
  plural: 'roles',
  singular: 'role',
  schema: roleSchema,
  printerColumns: [nameColumn, createdAtColumn],
  description:
    'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
});

export const clusterRoleKind = builtInKind({
  ...common,
  escalationCheck: 'grantedRules',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  singular: 'clusterrole',
  scope: 'Cluster',
  schema: clusterRoleSchema,
  printerColumns: [nameColumn, createdAtColumn],
  description:
    'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
});

export const roleBindingKind = builtInKind({
  ...common,
  escalationCheck: 'boundRole',
  strategy: bindingStrategy,
  kind: 'RoleBinding',
  plural: 'rolebindings',
  singular: 'rolebinding',
  schema: roleBindingSchema,
  printerColumns: bindingColumns(FIELD_DOCS.ROLE_BINDING_ROLE_REF, 'roleBinding'),
  description:
    'RoleBinding references a role, but does not contain it. It can reference a Role in the same namespace or a ClusterRole in the global namespace.',
});

export const clusterRoleBindingKind = builtInKind({
  ...common,
  escalationCheck: 'boundRole',
  strategy: bindingStrategy,
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  scope: 'Cluster',
  schema: clusterRoleBindingSchema,
  printerColumns: bindingColumns(FIELD_DOCS.CLUSTER_ROLE_BINDING_ROLE_REF, 'clusterRoleBinding'),
  description:
    'ClusterRoleBinding references a ClusterRole, but not contain it. It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
});

export const rbacKinds: readonly ResourceDefinition[] = [
  roleKind,
  clusterRoleKind,
  roleBindingKind,
  clusterRoleBindingKind,
];
