import type { FastifyReply } from 'fastify';
import { sendBody } from '../http/respond.js';
import { objectJson } from './json-cache.js';
import { type OutputContext, objectOutput, served } from './output.js';

/** Hands JSON text to Fastify unchanged: no serializer runs and no charset is appended. */
const asIs = (payload: string) => payload;

/**
 * Sends JSON text with exactly `application/json`, as http/respond.ts's sendBody does. The text
 * goes out as a string, which Node writes together with the headers in one write.
 */
export function sendJson(reply: FastifyReply, json: string, code = 200): FastifyReply {
  return reply.code(code).header('content-type', 'application/json').serializer(asIs).send(json);
}

/** Answers one object in the negotiated form; plain JSON takes the cached-text path. */
export function sendObject(reply: FastifyReply, out: OutputContext, obj: object, code = 200): FastifyReply {
  const { negotiated } = out;
  if (negotiated.format === 'json' && negotiated.as === undefined) {
    return sendJson(reply, objectJson(served(out, obj as Parameters<typeof served>[1])), code);
  }
  return sendBody(reply, objectOutput(out, obj as Parameters<typeof served>[1]), negotiated.format, code);
}
