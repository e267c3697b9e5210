/**
 * A closing server, on a real port: the watches it ends close cleanly (no ERROR event, which
 * client-go would take for a failure and relist), and a request that still reaches it is refused
 * with 429 + Retry-After, as kube-apiserver's shutdown filter answers, so clients retry instead of
 * starting over. Health probes are still answered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { startServer } from '../start-server.js';
import { openWatch, type RawWatch } from '../testing/watch-client.js';
import { SHUTDOWN_RETRY_AFTER_SECONDS } from './shutdown-retry-after.js';

describe('a request that reaches the server while it closes', () => {
  it('is answered 429 with Retry-After once the open watches have ended cleanly', async () => {
    const app = await buildServer({ storage: { type: 'memory' } });
    let watch: RawWatch | undefined;
    const seen: { list?: Response; listBody?: unknown; readyz?: number; watchEvents?: string } = {};
    // Runs after the server's own preClose hooks (closing flagged, watches ended) and before the
    // listener closes: the port still accepts connections, as it does for a moment in production.
    app.addHook('preClose', async () => {
      await watch?.ended;
      seen.watchEvents = await watch?.next().then(
        (e) => e.type,
        () => 'none',
      );
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      seen.list = await fetch(`${base}/api/v1/namespaces/default/configmaps`);
      seen.listBody = await seen.list.json();
      seen.readyz = (await fetch(`${base}/readyz`)).status;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    watch = await openWatch(`${base}/api/v1/namespaces/default/configmaps?watch=true`);
    expect(watch.statusCode).toBe(200);
    // Before closing, the same request is served.
    expect((await fetch(`${base}/api/v1/namespaces/default/configmaps`)).status).toBe(200);

    await app.close();

    expect(seen.watchEvents).toBe('none');
    expect(seen.list?.status).toBe(429);
    expect(seen.list?.headers.get('retry-after')).toBe(String(SHUTDOWN_RETRY_AFTER_SECONDS));
    expect(seen.listBody).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      code: 429,
      reason: 'TooManyRequests',
      message: 'The apiserver is shutting down, please try again later.',
      details: { retryAfterSeconds: SHUTDOWN_RETRY_AFTER_SECONDS },
    });
    expect(seen.readyz).not.toBe(429);
  });
});

describe('the BOOKMARK a watch ends with', () => {
  const cmBody = (name: string) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

  it('carries the revision a restarted server resumes from, so the client need not relist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-shutdown-bookmark-'));
    const storage = { type: 'file' as const, rootDir: dir };
    let server = await startServer({ storage, port: 0, host: '127.0.0.1' });
    try {
      const port = Number(new URL(server.url).port);
      const post = (path: string, name: string) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: cmBody(name),
        });
      expect((await post('/api/v1/namespaces/default/configmaps', 'a')).status).toBe(201);
      const list = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
        metadata: { resourceVersion: string };
      };
      const listed = list.metadata.resourceVersion;
      const services = `${server.url}/api/v1/services?watch=true&allowWatchBookmarks=true`;
      const watch = await openWatch(`${services}&resourceVersion=${listed}`);
      // Writes to other kinds move the store's revision past what the Service watcher has seen.
      for (const name of ['b', 'c']) {
        expect((await post('/api/v1/namespaces/default/configmaps', name)).status).toBe(201);
      }
      const plain = await openWatch(`${server.url}/api/v1/services?watch=true&resourceVersion=${listed}`);
      await server.close();
      const last = await watch.next();
      expect(last.type).toBe('BOOKMARK');
      expect(last.object).toMatchObject({ kind: 'Service', apiVersion: 'v1' });
      const bookmarked = String(last.object.metadata?.resourceVersion);
      expect(Number(bookmarked)).toBeGreaterThan(Number(listed));
      await expect(plain.next()).rejects.toThrow('watch ended'); // no bookmarks asked, none sent

      server = await startServer({ storage, port, host: '127.0.0.1' });
      // From the revision it listed at, the restarted server says Expired (a relist) ...
      const stale = await openWatch(`${services}&resourceVersion=${listed}`);
      expect((await stale.next()).object).toMatchObject({ code: 410, reason: 'Expired' });
      // ... from the bookmark's it serves the watch, and what changes from then on.
      const resumed = await openWatch(`${services}&resourceVersion=${bookmarked}`);
      const created = await fetch(`${server.url}/api/v1/namespaces/default/services`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 's' },
          spec: { ports: [{ port: 80 }] },
        }),
      });
      expect(created.status).toBe(201);
      const event = await resumed.next();
      expect(event.type).toBe('ADDED');
      expect(event.object.metadata?.name).toBe('s');
      resumed.close();
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is sent when the watch times out, at the current revision', async () => {
    const server = await startServer({ storage: { type: 'memory' }, port: 0, host: '127.0.0.1' });
    try {
      const watch = await openWatch(
        `${server.url}/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=1`,
      );
      const created = await fetch(`${server.url}/api/v1/namespaces/kube-system/configmaps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: cmBody('elsewhere'),
      });
      const rv = ((await created.json()) as { metadata: { resourceVersion: string } }).metadata
        .resourceVersion;
      const last = await watch.next();
      expect(last.type).toBe('BOOKMARK');
      expect(last.object.metadata?.resourceVersion).toBe(rv);
      await watch.ended;
    } finally {
      await server.close();
    }
  });
});
