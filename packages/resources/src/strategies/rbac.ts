/**
 * RBAC binding defaults, after k8s.io/kubernetes pkg/apis/rbac/v1/defaults.go
 * (SetDefaults_RoleBinding, SetDefaults_ClusterRoleBinding, SetDefaults_Subject): `roleRef`
 * names the RBAC group unless it says otherwise, and a User or Group subject does too.
 */
import type { KubeObject, ResourceStrategy } from '../types.js';
import { child, fillString, items } from './defaults.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export const bindingStrategy: ResourceStrategy = {
  applyDefaults(obj: KubeObject) {
    fillString(child(obj, 'roleRef'), 'apiGroup', RBAC_GROUP);
    for (const subject of items(obj, 'subjects'))
      if (subject.kind === 'User' || subject.kind === 'Group') fillString(subject, 'apiGroup', RBAC_GROUP);
  },
};
