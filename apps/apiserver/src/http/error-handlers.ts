/**
 * One root error handler and one not-found handler: every failure a client sees is a Kubernetes
 * Status with the HTTP code equal to `code`, never Fastify's default error body.
 */
import { StatusError } from '@hs/apimachinery';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { toStatusError } from './to-status.js';

export function sendStatus(reply: FastifyReply, status: StatusError): FastifyReply {
  for (const [header, value] of Object.entries(status.headers ?? {})) reply.header(header, value);
  return reply
    .code(status.code)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(status.toStatus())));
}

export const notFoundResource = () =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, internal } = toStatusError(err, request.resourceContext, bodyLimit);
    if (internal) request.log.error({ err }, 'request failed');
    if (reply.sent || reply.raw.headersSent) return;
    sendStatus(reply, status);
  });
  app.setNotFoundHandler((_request, reply) => {
    sendStatus(reply, notFoundResource());
  });
}
