/**
 * The review kinds answered from the same authenticators and authorizer that guard requests
 * (k8s.io/kubernetes/pkg/registry/authentication and pkg/registry/authorization): TokenReview,
 * SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview, SelfSubjectRulesReview
 * (`kubectl auth can-i --list`) and SelfSubjectReview (`kubectl auth whoami`). Kinds in the
 * registry are served by the normal create route; the two self kinds the registry lacks get a
 * plain POST route here. Both security modes (the configured one and the in-process preset) answer
 * through these, so a review's answer and its error codes never depend on the mode: an invalid
 * access-review spec is 422 Invalid, as kube-apiserver's ValidateSubjectAccessReview
 * (pkg/registry/authorization/subjectaccessreview/rest.go); a namespace mismatch of a
 * LocalSubjectAccessReview and an empty TokenReview token are 400 BadRequest, as upstream's REST.
 */
import { badRequest } from '@hs/apimachinery';
import { apiPath, type KubeObject, type Registry, type ResourceDefinition } from '@hs/resources';
import {
  anonymousUser,
  selfSubjectAccessReview,
  selfSubjectReview,
  selfSubjectRulesReview,
  subjectAccessReview,
  tokenReview,
  type UserInfo,
} from '@hs/security';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestParams, VirtualCreate } from '../resources/route-context.js';
import type { ServerSecurity } from './security-options.js';

const userOf = (req: FastifyRequest): UserInfo => req.user ?? anonymousUser();

function handlers(security: ServerSecurity): Record<string, VirtualCreate> {
  const authz = security.authorizer;
  return {
    'authentication.k8s.io/TokenReview': (obj) => {
      const tokens = security.tokens;
      if (!tokens) return { ...obj, status: { authenticated: false, error: 'token authentication is off' } };
      return tokenReview(tokens.authenticator, obj, { apiAudiences: tokens.apiAudiences });
    },
    'authentication.k8s.io/SelfSubjectReview': (obj, req) => selfSubjectReview(userOf(req), obj),
    'authorization.k8s.io/SubjectAccessReview': (obj) => subjectAccessReview(authz, obj),
    'authorization.k8s.io/LocalSubjectAccessReview': (obj, req) => {
      const namespace = (req.params as RequestParams).namespace ?? '';
      const spec = (obj.spec ?? {}) as { resourceAttributes?: { namespace?: string } };
      if ((spec.resourceAttributes?.namespace ?? '') !== namespace) {
        throw badRequest(
          `spec.resourceAttributes.namespace must match namespace: ${spec.resourceAttributes?.namespace ?? ''}`,
        );
      }
      return subjectAccessReview(authz, obj);
    },
    'authorization.k8s.io/SelfSubjectAccessReview': (obj, req) =>
      selfSubjectAccessReview(authz, obj, userOf(req)),
    'authorization.k8s.io/SelfSubjectRulesReview': (obj, req) =>
      selfSubjectRulesReview(authz, obj, userOf(req)),
  };
}

/** Virtual-create handlers for the review kinds of the registry. */
export function securityReviewHandlers(security: ServerSecurity) {
  const table = handlers(security);
  return (def: ResourceDefinition): VirtualCreate | undefined =>
    def.virtual ? table[`${def.group}/${def.kind}`] : undefined;
}

const SELF_ROUTES = [
  { group: 'authentication.k8s.io', plural: 'selfsubjectreviews', kind: 'SelfSubjectReview' },
  { group: 'authorization.k8s.io', plural: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview' },
];

/** POST routes for the self-review kinds the registry does not declare (answered 201, JSON). */
export function registerSelfReviewRoutes(app: FastifyInstance, security: ServerSecurity, registry: Registry) {
  const table = handlers(security);
  for (const route of SELF_ROUTES) {
    if (registry.find(route.group, 'v1', route.plural)) continue;
    const handler = table[`${route.group}/${route.kind}`];
    if (!handler) continue;
    app.post(`${apiPath(route.group, 'v1')}/${route.plural}`, async (req, reply) => {
      const body = (req.body ?? {}) as KubeObject;
      if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body must be an object');
      const answer = await handler({ ...body, metadata: body.metadata ?? {} }, req);
      return reply
        .code(201)
        .header('content-type', 'application/json')
        .send(Buffer.from(JSON.stringify(answer)));
    });
  }
}
