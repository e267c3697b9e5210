import type { Storage } from '@hs/storage';
import type { FastifyInstance } from 'fastify';

/** `/healthz`, `/livez`, `/readyz` answer plain `ok`; `/readyz` fails with the storage's reason. */
export function registerHealth(app: FastifyInstance, storage: Storage): void {
  const ok = (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('content-type', 'text/plain; charset=utf-8').send('ok');
  app.get('/healthz', ok);
  app.get('/livez', ok);
  app.get('/readyz', (_req, reply) => {
    const reason = storage.health();
    if (reason === undefined) return reply.header('content-type', 'text/plain; charset=utf-8').send('ok');
    return reply
      .code(500)
      .header('content-type', 'text/plain; charset=utf-8')
      .send(`[-]storage failed: ${reason}\nreadyz check failed`);
  });
}
