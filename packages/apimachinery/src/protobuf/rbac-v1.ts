/** rbac.authorization.k8s.io/v1 kinds, after k8s.io/api rbac/v1/generated.proto and types.go. */
import { type MessageDescriptor, msg, msgs, str, strs } from './descriptor.js';
import { LABEL_SELECTOR, OBJECT_META } from './meta-v1.js';

export const POLICY_RULE: MessageDescriptor = {
  1: strs('verbs'),
  2: strs('apiGroups'),
  3: strs('resources'),
  4: strs('resourceNames'),
  5: strs('nonResourceURLs'),
};

export const SUBJECT: MessageDescriptor = {
  1: str('kind'),
  2: str('apiGroup'),
  3: str('name'),
  4: str('namespace'),
};

export const ROLE_REF: MessageDescriptor = { 1: str('apiGroup'), 2: str('kind'), 3: str('name') };

export const ROLE: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msgs('rules', POLICY_RULE),
};

export const CLUSTER_ROLE: MessageDescriptor = {
  ...ROLE,
  3: msg('aggregationRule', { 1: msgs('clusterRoleSelectors', LABEL_SELECTOR) }),
};

export const ROLE_BINDING: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msgs('subjects', SUBJECT),
  3: msg('roleRef', ROLE_REF),
};

export const CLUSTER_ROLE_BINDING: MessageDescriptor = ROLE_BINDING;
