/**
 * Create-only review kinds, answered by the server and never stored:
 * SubjectAccessReview / LocalSubjectAccessReview / SelfSubjectAccessReview through the Authorizer
 * (k8s.io/kubernetes/pkg/registry/authorization), TokenReview through the Authenticator
 * (pkg/registry/authentication/tokenreview).
 */
import { badRequest } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticator.js';
import {
  ANONYMOUS,
  type AuthorizationAttributes,
  type Authorizer,
  type UserInfo,
} from '../auth/authorizer.js';
import type { RequestParams, VirtualCreate } from '../resources/route-context.js';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}
interface AccessReviewSpec {
  user?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: { path?: string; verb?: string };
}

const specOf = <T>(obj: KubeObject): T => (obj.spec ?? {}) as T;

function attributesOf(spec: AccessReviewSpec, user: UserInfo): AuthorizationAttributes {
  const res = spec.resourceAttributes;
  const nonRes = spec.nonResourceAttributes;
  if (!res && !nonRes)
    throw badRequest(
      'spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  if (res) {
    return {
      user,
      verb: res.verb ?? '',
      resourceRequest: true,
      apiGroup: res.group,
      apiVersion: res.version,
      resource: res.resource,
      subresource: res.subresource,
      namespace: res.namespace,
      name: res.name,
    };
  }
  return { user, verb: nonRes?.verb ?? '', resourceRequest: false, path: nonRes?.path };
}

async function review(
  authorizer: Authorizer,
  obj: KubeObject,
  attributes: AuthorizationAttributes,
): Promise<KubeObject> {
  const decision = await authorizer.authorize(attributes);
  return {
    ...obj,
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  };
}

export function reviewHandlers(authorizer: Authorizer, authenticator: Authenticator) {
  const subjectAccessReview: VirtualCreate = (obj) => {
    const spec = specOf<AccessReviewSpec>(obj);
    const user: UserInfo = {
      username: spec.user ?? '',
      uid: spec.uid,
      groups: spec.groups ?? [],
      extra: spec.extra,
    };
    return review(authorizer, obj, attributesOf(spec, user));
  };
  const localSubjectAccessReview: VirtualCreate = (obj, req) => {
    const spec = specOf<AccessReviewSpec>(obj);
    const namespace = (req.params as RequestParams).namespace;
    if (spec.resourceAttributes?.namespace !== namespace) {
      throw badRequest(
        `spec.resourceAttributes.namespace must match the request namespace "${namespace ?? ''}"`,
      );
    }
    return subjectAccessReview(obj, req);
  };
  const selfSubjectAccessReview: VirtualCreate = (obj, req: FastifyRequest) =>
    review(authorizer, obj, attributesOf(specOf<AccessReviewSpec>(obj), req.user ?? ANONYMOUS));
  const tokenReview: VirtualCreate = async (obj) => {
    const spec = specOf<{ token?: string; audiences?: string[] }>(obj);
    if (!spec.token) throw badRequest('spec.token: Required value: token must be specified');
    const result = await authenticator.authenticateToken(spec.token, spec.audiences ?? []);
    const user = result.user;
    const status = {
      authenticated: result.authenticated,
      ...(user && result.authenticated
        ? { user: { username: user.username, uid: user.uid, groups: [...user.groups], extra: user.extra } }
        : {}),
      ...(result.audiences ? { audiences: [...result.audiences] } : {}),
      ...(result.error ? { error: result.error } : {}),
    };
    return { ...obj, status };
  };
  const handlers: Record<string, VirtualCreate> = {
    'authorization.k8s.io/SubjectAccessReview': subjectAccessReview,
    'authorization.k8s.io/LocalSubjectAccessReview': localSubjectAccessReview,
    'authorization.k8s.io/SelfSubjectAccessReview': selfSubjectAccessReview,
    'authentication.k8s.io/TokenReview': tokenReview,
  };
  return (def: ResourceDefinition): VirtualCreate | undefined =>
    def.virtual ? handlers[`${def.group}/${def.kind}`] : undefined;
}
