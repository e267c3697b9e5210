/** rbac.authorization.k8s.io/v1 kinds, after k8s.io/api/rbac/v1/types.go. */
import { z } from 'zod';
import { atomicMap, labelSelectorSchema, stringList, struct, typeMetaShape } from './common.js';
import { objectMetaSchema } from './meta.js';

const policyRuleSchema = z.object({
  verbs: stringList(),
  apiGroups: stringList().optional(),
  resources: stringList().optional(),
  resourceNames: stringList().optional(),
  nonResourceURLs: stringList().optional(),
});

const subjectSchema = atomicMap(
  z.object({
    kind: z.string(),
    apiGroup: z.string().optional(),
    name: z.string(),
    namespace: z.string().optional(),
  }),
);

const roleRefSchema = struct(
  atomicMap(z.object({ apiGroup: z.string(), kind: z.string(), name: z.string() })),
);

export const roleSchema = z
  .object({ ...typeMetaShape, metadata: objectMetaSchema, rules: z.array(policyRuleSchema).optional() })
  .describe(
    'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
  );

export const clusterRoleSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    rules: z.array(policyRuleSchema).optional(),
    aggregationRule: z.object({ clusterRoleSelectors: z.array(labelSelectorSchema).optional() }).optional(),
  })
  .describe('ClusterRole is a cluster level, logical grouping of PolicyRules.');

export const roleBindingSchema = z
  .object({
    ...typeMetaShape,
    metadata: objectMetaSchema,
    subjects: z.array(subjectSchema).optional(),
    roleRef: roleRefSchema,
  })
  .describe('RoleBinding references a role, but does not contain it.');

export const clusterRoleBindingSchema = roleBindingSchema.describe(
  'ClusterRoleBinding references a ClusterRole, but not contain it.',
);

export type Role = z.infer<typeof roleSchema>;
export type ClusterRole = z.infer<typeof clusterRoleSchema>;
export type RoleBinding = z.infer<typeof roleBindingSchema>;
