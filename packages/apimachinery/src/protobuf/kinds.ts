/** The kinds the protobuf decoder accepts, by `apiVersion/kind`. */
import { SELF_SUBJECT_REVIEW, TOKEN_REVIEW } from './authentication-v1.js';
import {
  LOCAL_SUBJECT_ACCESS_REVIEW,
  SELF_SUBJECT_ACCESS_REVIEW,
  SELF_SUBJECT_RULES_REVIEW,
  SUBJECT_ACCESS_REVIEW,
} from './authorization-v1.js';
import { CONFIG_MAP, NAMESPACE, SECRET, SERVICE, SERVICE_ACCOUNT } from './core-v1.js';
import { kinds, type ProtobufKinds } from './descriptor.js';
import { INGRESS } from './networking-v1.js';
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, ROLE, ROLE_BINDING } from './rbac-v1.js';

/** The review kinds kubectl `auth can-i` / `auth whoami` send as protobuf. */
export const REVIEW_PROTOBUF_KINDS: ProtobufKinds = kinds(
  [
    'authorization.k8s.io/v1',
    {
      SubjectAccessReview: SUBJECT_ACCESS_REVIEW,
      LocalSubjectAccessReview: LOCAL_SUBJECT_ACCESS_REVIEW,
      SelfSubjectAccessReview: SELF_SUBJECT_ACCESS_REVIEW,
      SelfSubjectRulesReview: SELF_SUBJECT_RULES_REVIEW,
    },
  ],
  ['authentication.k8s.io/v1', { TokenReview: TOKEN_REVIEW, SelfSubjectReview: SELF_SUBJECT_REVIEW }],
);

/** The kinds `kubectl create <generator>` sends as protobuf. */
export const CREATE_PROTOBUF_KINDS: ProtobufKinds = kinds(
  [
    'v1',
    {
      ConfigMap: CONFIG_MAP,
      Secret: SECRET,
      Namespace: NAMESPACE,
      ServiceAccount: SERVICE_ACCOUNT,
      Service: SERVICE,
    },
  ],
  ['networking.k8s.io/v1', { Ingress: INGRESS }],
  [
    'rbac.authorization.k8s.io/v1',
    {
      Role: ROLE,
      ClusterRole: CLUSTER_ROLE,
      RoleBinding: ROLE_BINDING,
      ClusterRoleBinding: CLUSTER_ROLE_BINDING,
    },
  ],
);

/** Every kind with a descriptor. */
export const PROTOBUF_KINDS: ProtobufKinds = new Map([...REVIEW_PROTOBUF_KINDS, ...CREATE_PROTOBUF_KINDS]);
