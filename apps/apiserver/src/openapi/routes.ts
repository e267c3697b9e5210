/**
 * `/openapi/v3` (a root whose paths point at hashed group-version documents) and the documents
 * themselves, with ETag and immutable caching when the request carries the current hash, as
 * k8s.io/kube-openapi/pkg/handler3 serves them. `/openapi/v2` is not served (404 Status), which
 * kubectl ≥ 1.29 tolerates.
 */
import { createHash } from 'node:crypto';
import { apiPath, type Registry } from '@hs/resources';
import type { FastifyInstance } from 'fastify';
import type { VersionInfo } from '../discovery/version.js';
import { notFoundResource, sendStatus } from '../http/error-handlers.js';
import { groupVersionDocument } from './document.js';

interface Built {
  body: Buffer;
  hash: string;
}

export function registerOpenApi(app: FastifyInstance, registry: Registry, version: VersionInfo): void {
  const keys = new Map<string, { group: string; version: string }>();
  for (const info of registry.groups()) {
    for (const v of info.versions)
      keys.set(apiPath(info.group, v).slice(1), { group: info.group, version: v });
  }
  const built = new Map<string, Built>();
  const build = (key: string): Built | undefined => {
    const cached = built.get(key);
    if (cached) return cached;
    const gv = keys.get(key);
    if (!gv) return undefined;
    const body = JSON.stringify(groupVersionDocument(registry, gv.group, gv.version, version.gitVersion));
    const result = {
      body: Buffer.from(body),
      hash: createHash('sha512').update(body).digest('hex').toUpperCase(),
    };
    built.set(key, result);
    return result;
  };

  app.get('/openapi/v3', (_req, reply) => {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const key of keys.keys()) {
      const doc = build(key);
      if (doc) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
    }
    return reply
      .header('content-type', 'application/json')
      .header('cache-control', 'no-cache, private')
      .send(Buffer.from(JSON.stringify({ paths })));
  });

  app.get('/openapi/v3/*', (req, reply) => {
    const key = (req.params as { '*': string })['*'];
    const doc = build(key);
    if (!doc) return sendStatus(reply, notFoundResource(), req.headers.accept);
    const etag = `"${doc.hash}"`;
    const hash = (req.query as { hash?: string }).hash;
    if (hash !== undefined && hash !== doc.hash) {
      return reply.code(301).header('location', `/openapi/v3/${key}?hash=${doc.hash}`).send();
    }
    reply.header('etag', etag).header('vary', 'Accept');
    if (hash === undefined) reply.header('cache-control', 'no-cache, private');
    else {
      reply
        .header('cache-control', 'public, immutable')
        .header('expires', new Date(Date.now() + 31_536_000_000).toUTCString());
    }
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.header('content-type', 'application/json').send(doc.body);
  });
}
