import type { FastifyReply } from 'fastify';
import YAML from 'yaml';

/** Sends a body as JSON or YAML with an exact Content-Type (client-go decodes by it). */
export function sendBody(
  reply: FastifyReply,
  body: unknown,
  format: 'json' | 'yaml',
  code = 200,
): FastifyReply {
  reply.code(code);
  if (format === 'yaml') {
    return reply
      .header('content-type', 'application/yaml')
      .send(Buffer.from(YAML.stringify(body, { aliasDuplicateObjects: false })));
  }
  return reply.header('content-type', 'application/json').send(Buffer.from(JSON.stringify(body)));
}
