/**
 * The security filter chain in front of every route (resource, non-resource and unknown paths),
 * in kube-apiserver's order (k8s.io/apiserver/pkg/server/config.go DefaultBuildHandlerChain):
 * authentication (401), authorization with the request's attributes (403), in-flight limits (429),
 * then the handler; the audit log records each request with the decision once it completes.
 * It runs in `onRequest`, before any body is read.
 */
import { StatusError } from '@hs/apimachinery';
import type { Registry } from '@hs/resources';
import {
  type Attributes,
  authorizeRequest,
  clientKey,
  hasImpersonationHeaders,
  headerValuesFrom,
  impersonatedUser,
  objectRefFrom,
  requestAttributes,
  type UserInfo,
} from '@hs/security';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerSecurity } from './security-options.js';

interface Decided {
  /** The authenticated requester. */
  user?: UserInfo;
  /** Whom it acts as, when it sent Impersonate-* headers that were allowed. */
  impersonated?: UserInfo;
  attrs?: Attributes;
  decision?: 'allow' | 'forbid';
  reason?: string;
}

/**
 * The user the request acts as: the requester, or whom its Impersonate-* headers name when it may
 * impersonate them (k8s.io/apiserver WithImpersonation runs between authentication and
 * authorization). A refusal is a 403 (recorded as the decision) or a 400.
 */
async function actingUser(
  security: ServerSecurity,
  request: FastifyRequest,
  requestor: UserInfo,
  state: Decided,
): Promise<UserInfo> {
  if (!hasImpersonationHeaders(request.headers)) return requestor;
  try {
    const acting = await impersonatedUser(
      security.authorizer,
      requestor,
      headerValuesFrom(request.raw.rawHeaders),
    );
    if (!acting) return requestor;
    state.impersonated = acting;
    return acting;
  } catch (err) {
    if (err instanceof StatusError && err.code === 403) {
      state.decision = 'forbid';
      state.reason = err.message;
    }
    throw err;
  }
}

export function installRequestGuard(
  app: FastifyInstance,
  security: ServerSecurity,
  registry: Registry,
): void {
  const decided = new WeakMap<FastifyRequest, Decided>();

  app.addHook('onRequest', async (request, reply) => {
    const state: Decided = {};
    decided.set(request, state);
    const requestor = await security.identify(request);
    state.user = requestor;
    const user = await actingUser(security, request, requestor, state);
    request.user = user;
    const attrs = requestAttributes(request.method, request.url, undefined, user);
    state.attrs = attrs;
    try {
      state.reason = await authorizeRequest(security.authorizer, attrs);
      state.decision = 'allow';
    } catch (err) {
      state.decision = 'forbid';
      if (err instanceof Error) state.reason = err.message;
      throw err;
    }
    if (security.limits) {
      const key = security.insecure ? clientKey('', request.ip) : clientKey(user.username, request.ip);
      const release = security.limits.admit(key, attrs.verb);
      reply.raw.once('close', release);
      reply.raw.once('finish', release);
    }
  });

  const audit = security.audit;
  if (!audit) return;
  app.addHook('onResponse', async (request, reply) => {
    const state = decided.get(request) ?? {};
    const attrs = state.attrs;
    const def = attrs?.resourceRequest
      ? registry.find(attrs.apiGroup, attrs.apiVersion ?? '', attrs.resource)
      : undefined;
    const userAgent = request.headers['user-agent'];
    const objectRef = attrs ? objectRefFrom(attrs) : undefined;
    audit.log({
      ...(state.user ? { user: state.user } : {}),
      ...(state.impersonated ? { impersonatedUser: state.impersonated } : {}),
      verb: attrs?.verb ?? request.method.toLowerCase(),
      requestURI: request.url,
      sourceIPs: [request.ip],
      ...(userAgent ? { userAgent } : {}),
      ...(objectRef ? { objectRef } : {}),
      responseCode: reply.statusCode,
      ...(state.decision ? { decision: state.decision } : {}),
      ...(state.reason ? { reason: state.reason } : {}),
      encryptAtRest: def?.encryptAtRest === true,
    });
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Whom the request acts as; set by the request guard before any handler runs. */
    user: UserInfo | undefined;
  }
}
