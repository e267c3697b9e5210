import type { Storage } from '@hs/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';
import { cm, listening, type StorageKind } from '../testing/harness.js';
import { openWatch } from '../testing/watch-client.js';

const CMS = '/api/v1/namespaces/x/configmaps';

async function post(base: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { metadata: { resourceVersion: string; name: string } };
}
async function rvOfList(base: string) {
  return ((await (await fetch(`${base}${CMS}`)).json()) as { metadata: { resourceVersion: string } }).metadata
    .resourceVersion;
}

describe.each<StorageKind>(['memory', 'file'])('watch over HTTP on %s storage', (kind) => {
  let server: StartedServer;
  beforeEach(async () => {
    server = await listening(kind);
  });
  afterEach(() => server.close());

  it('streams chunked NDJSON: synthetic ADDED for rv=0, then live events', async () => {
    await post(server.url, CMS, cm('a'));
    const w = await openWatch(`${server.url}${CMS}?watch=true&resourceVersion=0`);
    expect(w.statusCode).toBe(200);
    expect(w.headers['content-type']).toBe('application/json');
    expect(w.headers['transfer-encoding']).toBe('chunked');
    expect(await w.next()).toMatchObject({
      type: 'ADDED',
      object: { kind: 'ConfigMap', metadata: { name: 'a' } },
    });
    await post(server.url, CMS, cm('b'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    await fetch(`${server.url}${CMS}/b`, { method: 'DELETE' });
    expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'b' } } });
    w.close();
  });

  it('resumes after a resourceVersion without replaying older state', async () => {
    await post(server.url, CMS, cm('old'));
    const rv = await rvOfList(server.url);
    const w = await openWatch(`${server.url}${CMS}?watch=1&resourceVersion=${rv}`);
    await post(server.url, CMS, cm('new'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'new' } } });
    w.close();
  });

  it('filters by field selector, so a single-object watch sees only that object', async () => {
    await post(server.url, CMS, cm('one'));
    const w = await openWatch(
      `${server.url}${CMS}?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Dtwo`,
    );
    await post(server.url, CMS, cm('two'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'two' } } });
    w.close();
  });

  it('ends the stream cleanly at timeoutSeconds', async () => {
    const w = await openWatch(`${server.url}${CMS}?watch=true&timeoutSeconds=1`);
    await w.ended;
    await expect(w.next()).rejects.toThrow('watch ended');
  });

  it('sends each event as a one-row Table for the Table Accept', async () => {
    await post(server.url, CMS, cm('t'));
    const w = await openWatch(`${server.url}${CMS}?watch=true&resourceVersion=0`, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    const event = await w.next();
    expect(event.type).toBe('ADDED');
    expect(event.object).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect((event.object.rows as Array<{ cells: unknown[] }>)[0]?.cells[0]).toBe('t');
    w.close();
  });

  it('sends PartialObjectMetadata events to the metadata client, bookmarks included', async () => {
    await post(server.url, CMS, cm('m'));
    const w = await openWatch(`${server.url}${CMS}?watch=true&resourceVersion=0&allowWatchBookmarks=true`, {
      accept:
        'application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json',
    });
    const event = await w.next();
    expect(event.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'm' },
    });
    expect(event.object).not.toHaveProperty('data');
    w.close();
  });

  it('answers sendInitialEvents with ADDED events and an initial-events-end bookmark', async () => {
    await post(server.url, CMS, cm('i'));
    const w = await openWatch(
      `${server.url}${CMS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    );
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'i' } } });
    const bookmark = await w.next();
    expect(bookmark.type).toBe('BOOKMARK');
    expect(bookmark.object.metadata?.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    w.close();
  });
});

describe('inconsistent list and watch options', () => {
  let server: StartedServer;
  beforeEach(async () => {
    server = await listening('memory');
  });
  afterEach(() => server.close());

  const status = async (query: string) => {
    const res = await fetch(`${server.url}${CMS}?${query}`);
    return { code: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers 422 on ListOptions for sendInitialEvents without resourceVersionMatch=NotOlderThan', async () => {
    const { code, body } = await status('watch=true&sendInitialEvents=true');
    expect(code).toBe(422);
    expect(body).toMatchObject({
      reason: 'Invalid',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      details: { group: 'meta.k8s.io', kind: 'ListOptions' },
    });
  });

  it('answers 422 for sendInitialEvents on a list and resourceVersionMatch without resourceVersion', async () => {
    expect((await status('sendInitialEvents=true')).code).toBe(422);
    const { code, body } = await status('resourceVersionMatch=Exact');
    expect(code).toBe(422);
    expect(body.message).toContain('resourceVersionMatch is forbidden unless resourceVersion is provided');
  });
});

describe('server shutdown', () => {
  it('ends open watches so close() does not wait for clients', async () => {
    const server = await startServer({ storage: { type: 'memory' }, port: 0 });
    const w = await openWatch(`${server.url}${CMS}?watch=true`);
    await server.close();
    await w.ended;
    await expect(w.next()).rejects.toThrow('watch ended');
  });
});

describe('watch from a compacted resourceVersion', () => {
  it('answers 200 with one ERROR event holding the Expired Status, then closes', async () => {
    const { createStorage, createMemoryDriver } = await import('@hs/storage');
    const storage = await createStorage({ driver: createMemoryDriver(), historyLimit: 5 });
    const server = await startServer({ storage, port: 0 });
    try {
      for (let i = 0; i < 20; i++) await post(server.url, CMS, cm(`c${i}`));
      const w = await openWatch(`${server.url}${CMS}?watch=true&resourceVersion=1`);
      expect(w.statusCode).toBe(200);
      const event = await w.next();
      expect(event).toMatchObject({
        type: 'ERROR',
        object: { kind: 'Status', reason: 'Expired', code: 410 },
      });
      expect(String(event.object.message)).toMatch(/^too old resource version: 1 \(\d+\)$/);
      await w.ended;
    } finally {
      await server.close();
      await storage.close();
    }
  });

  it('aborts the store watch when the client goes away', async () => {
    const { createStorage, createMemoryDriver } = await import('@hs/storage');
    const storage = await createStorage({ driver: createMemoryDriver() });
    const signals: AbortSignal[] = [];
    const spy: Storage = {
      for: (def) => {
        const store = storage.for(def);
        return {
          definition: store.definition,
          get: (...a) => store.get(...a),
          list: (o) => store.list(o),
          create: (...a) => store.create(...a),
          update: (...a) => store.update(...a),
          delete: (...a) => store.delete(...a),
          watch: (o) => {
            // the server's namespace controller watches namespaces for itself
            if (def.plural === 'configmaps') signals.push(o.signal);
            return store.watch(o);
          },
        };
      },
      currentResourceVersion: () => storage.currentResourceVersion(),
      namespacesInUse: () => storage.namespacesInUse(),
      namespaceInUseSince: (ns) => storage.namespaceInUseSince(ns),
      health: () => storage.health(),
      close: () => storage.close(),
    };
    const server = await startServer({ storage: spy, port: 0 });
    try {
      const w = await openWatch(`${server.url}${CMS}?watch=true`);
      expect(signals).toHaveLength(1);
      expect(signals[0]?.aborted).toBe(false);
      w.close();
      await new Promise<void>((resolve) => {
        if (signals[0]?.aborted) resolve();
        else signals[0]?.addEventListener('abort', () => resolve());
      });
      expect(signals[0]?.aborted).toBe(true);
    } finally {
      await server.close();
      await storage.close();
    }
  });
});
