/**
 * SelfSubjectReview (authentication.k8s.io/v1, `kubectl auth whoami`), following k8s.io/kubernetes
 * pkg/registry/authentication/selfsubjectreview/rest.go: the answer carries the requesting user's
 * attributes and a creation timestamp.
 */
import type { KubeObject } from '@hs/resources';
import { copyExtra, type UserInfo } from './types.js';

export interface SelfSubjectReviewObject extends KubeObject {
  status: {
    userInfo: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  };
}

export function selfSubjectReview(
  user: UserInfo,
  review?: KubeObject,
  now = new Date(),
): SelfSubjectReviewObject {
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
    metadata: { ...(review?.metadata ?? {}), creationTimestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    status: {
      userInfo: {
        username: user.username,
        ...(user.uid ? { uid: user.uid } : {}),
        ...(user.groups.length > 0 ? { groups: [...user.groups] } : {}),
        ...(user.extra && Object.keys(user.extra).length > 0 ? { extra: copyExtra(user.extra) } : {}),
      },
    },
  };
}
