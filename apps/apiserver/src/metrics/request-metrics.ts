/**
 * apiserver_request_total and apiserver_request_duration_seconds for every request, refused ones
 * (401, 403, 429) included, as kube-apiserver's MonitorRequest. Cost per request: two Map lookups
 * for the route's cached label children, one more for the code, an `inc` and an `observe`; the
 * duration is Fastify's own `reply.elapsedTime`. Watches are recorded when they end, as upstream;
 * a watch the client ends never emits 'finish' (so no onResponse): its response's 'close' records it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiserverMetrics } from './apiserver-metrics.js';
import { dryRunLabel, type RouteLabels, reportedVerb, routeLabels, scopeOf } from './route-labels.js';

const COMPONENT = 'apiserver';

interface Children {
  labels: Record<string, string>;
  duration: { observe(value: number): void };
  byCode: Map<number, { inc(): void }>;
}

type Query = Record<string, unknown> | undefined;

export function installRequestMetrics(app: FastifyInstance, metrics: ApiserverMetrics): void {
  const routes = new Map<string, RouteLabels>();
  const children = new Map<string, Children>();

  const childrenFor = (request: FastifyRequest): Children => {
    const pattern = request.routeOptions.url;
    const method = request.method;
    const routeKey = `${method} ${pattern ?? ''}`;
    let route = routes.get(routeKey);
    if (!route) {
      route = routeLabels(pattern);
      routes.set(routeKey, route);
    }
    const query = request.query as Query;
    const scope = scopeOf(route, method);
    const verb = reportedVerb({
      method,
      scope,
      watch: typeof query?.watch === 'string' ? query.watch : undefined,
      contentType: request.headers['content-type'],
    });
    const dryRun = request.url.includes('dryRun') ? dryRunLabel(query?.dryRun) : '';
    const key = `${routeKey} ${verb} ${dryRun}`;
    let found = children.get(key);
    if (!found) {
      const labels = {
        verb,
        dry_run: dryRun,
        group: route.group,
        version: route.version,
        resource: route.resource,
        subresource: route.subresource,
        scope,
        component: COMPONENT,
      };
      found = { labels, duration: metrics.requestDuration.labels(labels), byCode: new Map() };
      children.set(key, found);
    }
    return found;
  };

  const recorded = new WeakSet<FastifyRequest>();
  const record = (request: FastifyRequest, reply: FastifyReply) => {
    if (recorded.has(request)) return;
    recorded.add(request);
    const found = childrenFor(request);
    const code = reply.statusCode;
    let counter = found.byCode.get(code);
    if (!counter) {
      counter = metrics.requestTotal.labels({ ...found.labels, code: String(code) });
      found.byCode.set(code, counter);
    }
    counter.inc();
    found.duration.observe(reply.elapsedTime / 1000);
  };

  app.addHook('onRequest', async (request, reply) => {
    const watch = (request.query as Query)?.watch;
    if (request.method === 'GET' && watch !== undefined && watch !== 'false' && watch !== '0') {
      reply.raw.once('close', () => record(request, reply));
    }
  });
  app.addHook('onResponse', async (request, reply) => record(request, reply));
}
