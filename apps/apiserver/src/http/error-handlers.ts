/**
 * One root error handler and one not-found handler: every failure a client sees is a Kubernetes
 * Status with the HTTP code equal to `code`, never Fastify's default error body.
 */
import { StatusError } from '@hs/apimachinery';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { bodyRouteOf } from './body-route.js';
import { wantsYaml } from './negotiate.js';
import { sendBody } from './respond.js';
import { toStatusError } from './to-status.js';

/**
 * Sends a Status in the representation the request's Accept header negotiates: YAML when YAML wins,
 * JSON otherwise, including when nothing is acceptable — the error is never hidden behind a 406
 * (k8s.io/apiserver pkg/endpoints/handlers/responsewriters/writers.go ErrorNegotiated).
 */
export function sendStatus(reply: FastifyReply, status: StatusError, accept?: string): FastifyReply {
  for (const [header, value] of Object.entries(status.headers ?? {})) reply.header(header, value);
  return sendBody(reply, status.toStatus(), wantsYaml(accept) ? 'yaml' : 'json', status.code);
}

export const notFoundResource = () =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, internal } = toStatusError(err, request.resourceContext, bodyLimit, {
      method: request.method,
      bodyRoute: bodyRouteOf(request),
    });
    if (internal) request.log.error({ err }, 'request failed');
    if (reply.sent || reply.raw.headersSent) return;
    sendStatus(reply, status, request.headers.accept);
  });
  app.setNotFoundHandler((request, reply) => {
    sendStatus(reply, notFoundResource(), request.headers.accept);
  });
}
