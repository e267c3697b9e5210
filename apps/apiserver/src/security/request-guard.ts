/**
 * The security filter chain in front of every route (resource, non-resource and unknown paths),
 * in kube-apiserver's order (k8s.io/apiserver/pkg/server/config.go DefaultBuildHandlerChain):
 * authentication (401), authorization with the request's attributes (403), in-flight limits (429),
 * then the handler; the audit log records each request with the decision once it completes.
 * It runs in `onRequest`, before any body is read.
 */
import type { TLSSocket } from 'node:tls';
import type { Registry } from '@hs/resources';
import {
  type Attributes,
  authorizeRequest,
  clientKey,
  objectRefFrom,
  peerCertificateFromTls,
  requestAttributes,
  type UserInfo,
} from '@hs/security';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ServerSecurity, UNSECURED_USER } from './security-options.js';

interface Decided {
  user?: UserInfo;
  attrs?: Attributes;
  decision?: 'allow' | 'forbid';
  reason?: string;
}

/** The TLS client certificate of the connection, or undefined on plain HTTP. */
function peerOf(request: FastifyRequest) {
  const socket = request.raw.socket as Partial<TLSSocket> | undefined;
  if (!socket || typeof socket.getPeerCertificate !== 'function') return undefined;
  return peerCertificateFromTls(
    socket.getPeerCertificate(true),
    socket.authorized ?? false,
    socket.authorizationError as Error | string | undefined,
  );
}

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

export function installRequestGuard(
  app: FastifyInstance,
  security: ServerSecurity,
  registry: Registry,
): void {
  const decided = new WeakMap<FastifyRequest, Decided>();

  app.addHook('onRequest', async (request, reply) => {
    const state: Decided = {};
    decided.set(request, state);
    const user = security.authentication
      ? await security.authentication.authenticate(
          { headers: request.headers, peerCertificate: peerOf(request) },
          pathOf(request.url),
        )
      : UNSECURED_USER;
    state.user = user;
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
