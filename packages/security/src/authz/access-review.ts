/**
 * SubjectAccessReview and SelfSubjectAccessReview (authorization.k8s.io/v1), following
 * k8s.io/kubernetes pkg/registry/authorization/{subjectaccessreview,selfsubjectaccessreview}/rest.go,
 * pkg/registry/authorization/util/helpers.go and pkg/apis/authorization/validation: the spec is
 * validated (422 Invalid), turned into attributes, answered by the same authorizer as requests, and
 * the review comes back with `status` {allowed, denied?, reason?, evaluationError?}.
 */
import { invalid, type StatusError } from '@hs/apimachinery';
import type { FieldCause, KubeObject } from '@hs/resources';
import type { UserInfo } from '../authn/types.js';
import type { Attributes, Authorizer } from './types.js';

export interface SubjectAccessReviewStatus {
  allowed: boolean;
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

export interface AccessReviewObject extends KubeObject {
  spec: Record<string, unknown>;
  status: SubjectAccessReviewStatus;
}

const GROUP = 'authorization.k8s.io';

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function attributesCauses(spec: Record<string, unknown>): FieldCause[] {
  const causes: FieldCause[] = [];
  const hasRes = obj(spec.resourceAttributes) !== undefined;
  const hasNonRes = obj(spec.nonResourceAttributes) !== undefined;
  if (hasRes && hasNonRes) {
    causes.push({
      field: 'spec.nonResourceAttributes',
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "object": cannot be specified in combination with resourceAttributes',
    });
  }
  if (!hasRes && !hasNonRes) {
    causes.push({
      field: 'spec.resourceAttributes',
      reason: 'FieldValueInvalid',
      message:
        'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    });
  }
  return causes;
}

function attributesFrom(spec: Record<string, unknown>, user: UserInfo): Attributes {
  const res = obj(spec.resourceAttributes);
  if (res) {
    return {
      user,
      verb: str(res.verb),
      resourceRequest: true,
      apiGroup: str(res.group),
      apiVersion: str(res.version),
      resource: str(res.resource),
      subresource: str(res.subresource),
      namespace: str(res.namespace),
      name: str(res.name),
      path: '',
    };
  }
  const non = obj(spec.nonResourceAttributes) ?? {};
  return {
    user,
    verb: str(non.verb),
    resourceRequest: false,
    apiGroup: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    path: str(non.path),
  };
}

async function answer(
  authorizer: Authorizer,
  review: KubeObject,
  kind: string,
  spec: Record<string, unknown>,
  user: UserInfo,
): Promise<AccessReviewObject> {
  const res = await authorizer.authorize(attributesFrom(spec, user));
  return {
    ...review,
    apiVersion: `${GROUP}/v1`,
    kind,
    metadata: review.metadata ?? {},
    spec,
    status: {
      allowed: res.decision === 'allow',
      ...(res.decision === 'deny' ? { denied: true } : {}),
      ...(res.reason ? { reason: res.reason } : {}),
      ...(res.evaluationError ? { evaluationError: res.evaluationError } : {}),
    },
  };
}

const invalidReview = (kind: string, review: KubeObject, causes: FieldCause[]): StatusError =>
  invalid(GROUP, kind, review.metadata?.name ?? '', causes);

/** Answers a SubjectAccessReview for the user named in its spec; throws 422 on an invalid spec. */
export async function subjectAccessReview(
  authorizer: Authorizer,
  review: KubeObject,
): Promise<AccessReviewObject> {
  const spec = obj(review.spec) ?? {};
  const causes = attributesCauses(spec);
  const username = str(spec.user);
  const groups = strs(spec.groups);
  if (username === '' && groups.length === 0) {
    causes.push({
      field: 'spec.user',
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "": at least one of user or group must be specified',
    });
  }
  if (causes.length > 0) throw invalidReview('SubjectAccessReview', review, causes);
  const extra: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(obj(spec.extra) ?? {})) extra[k] = strs(v);
  const uid = str(spec.uid);
  const user: UserInfo = {
    username,
    groups,
    ...(uid ? { uid } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
  return answer(authorizer, review, 'SubjectAccessReview', spec, user);
}

/** Answers a SelfSubjectAccessReview for the requesting `user`; throws 422 on an invalid spec. */
export async function selfSubjectAccessReview(
  authorizer: Authorizer,
  review: KubeObject,
  user: UserInfo,
): Promise<AccessReviewObject> {
  const spec = obj(review.spec) ?? {};
  const causes = attributesCauses(spec);
  if (causes.length > 0) throw invalidReview('SelfSubjectAccessReview', review, causes);
  return answer(authorizer, review, 'SelfSubjectAccessReview', spec, user);
}
