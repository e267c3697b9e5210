/**
 * `GET /metrics`: the registry in Prometheus' text exposition format. Like every non-resource
 * URL it is authorized by the request guard (RBAC: `get` on the non-resource URL `/metrics`,
 * granted by the bootstrap role system:monitoring and by cluster-admin).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiserverMetrics } from './apiserver-metrics.js';

export function registerMetricsRoute(app: FastifyInstance, metrics: ApiserverMetrics): void {
  app.get('/metrics', async (_req, reply) => {
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}
