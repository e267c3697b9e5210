/**
 * SelfSubjectRulesReview (authorization.k8s.io/v1, `kubectl auth can-i --list`), following
 * k8s.io/kubernetes pkg/registry/authorization/selfsubjectrulesreview/rest.go: the namespace is
 * required (400), and the status lists the rules the requesting user holds there. An authorizer
 * without a rule resolver yields an empty, incomplete answer.
 */
import { badRequest } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import type { UserInfo } from '../authn/types.js';
import type { Authorizer, SubjectRules } from './types.js';

export interface RulesReviewObject extends KubeObject {
  spec: { namespace: string };
  status: SubjectRules;
}

export async function selfSubjectRulesReview(
  authorizer: Authorizer,
  review: KubeObject,
  user: UserInfo,
): Promise<RulesReviewObject> {
  const spec = review.spec && typeof review.spec === 'object' ? (review.spec as Record<string, unknown>) : {};
  const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
  if (namespace === '') throw badRequest('no namespace on request');
  const status: SubjectRules = authorizer.rulesFor
    ? await authorizer.rulesFor(user, namespace)
    : { resourceRules: [], nonResourceRules: [], incomplete: true };
  return {
    ...review,
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    metadata: review.metadata ?? {},
    spec: { ...spec, namespace },
    status,
  };
}
