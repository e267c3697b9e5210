/**
 * Deleting a namespace, seen through HTTP and a watch on a real port: the DELETE answers the
 * namespace Terminating; the namespace controller deletes the content of every namespaced kind
 * (built-in and custom), records the result as conditions, removes the `kubernetes` finalizer and
 * the namespace goes (MODIFIED ... DELETED). Content held by a finalizer keeps it Terminating
 * until the finalizer goes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { cm, listening } from '../testing/harness.js';
import { openWatch, type RawWatch, type WatchEventLine } from '../testing/watch-client.js';

const NS = '/api/v1/namespaces';

async function send(base: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': type },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { metadata?: Record<string, unknown> },
  };
}

/** Events of the watch up to and including the first that `last` accepts. */
async function until(watch: RawWatch, last: (e: WatchEventLine) => boolean): Promise<WatchEventLine[]> {
  const events: WatchEventLine[] = [];
  for (;;) {
    const event = await watch.next();
    events.push(event);
    if (last(event)) return events;
  }
}

const phase = (e: WatchEventLine) => (e.object.status as { phase?: string } | undefined)?.phase;
const conditions = (e: WatchEventLine) =>
  (
    (e.object.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ??
    []
  )
    .filter((c) => c.status === 'True')
    .map((c) => c.type);

describe('namespace controller', () => {
  let server: StartedServer | undefined;
  let watch: RawWatch | undefined;
  afterEach(async () => {
    watch?.close();
    await server?.close();
    server = undefined;
  });

  it('deletes every namespaced object of the namespace, then the namespace (MODIFIED then DELETED)', async () => {
    server = await listening('memory', { disableAdmissionPlugins: [] });
    const base = server.url;
    const ns = await send(base, 'POST', NS, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
    });
    expect(ns.status).toBe(201);
    const content = [
      `${NS}/team/configmaps`,
      `${NS}/team/secrets`,
      '/apis/networking.higress.io/v1/namespaces/team/mcpbridges',
    ];
    const bodies = [
      cm('a'),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } },
      { apiVersion: 'networking.higress.io/v1', kind: 'McpBridge', metadata: { name: 'c' }, spec: {} },
    ];
    for (const [i, path] of content.entries())
      expect((await send(base, 'POST', path, bodies[i])).status).toBe(201);
    const other = await send(base, 'POST', `${NS}/default/configmaps`, cm('stays'));
    watch = await openWatch(
      `${base}${NS}?watch=true&fieldSelector=metadata.name%3Dteam&resourceVersion=${String(other.body.metadata?.resourceVersion)}`,
    );

    const deleted = await send(base, 'DELETE', `${NS}/team`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({
      status: { phase: 'Terminating' },
      metadata: { deletionTimestamp: expect.any(String) },
    });

    const events = await until(watch, (e) => e.type === 'DELETED');
    expect(events[0]).toMatchObject({ type: 'MODIFIED', object: { status: { phase: 'Terminating' } } });
    expect(events.slice(0, -1).every((e) => e.type === 'MODIFIED' && phase(e) === 'Terminating')).toBe(true);
    const last = events.at(-1)!;
    // DELETED carries the last stored state: the finalize write is the delete (ShouldDeleteDuringUpdate)
    expect(last.object).toMatchObject({ metadata: { name: 'team' }, spec: { finalizers: ['kubernetes'] } });
    // the conditions upstream's controller writes, none failing
    expect(
      ((last.object.status as { conditions?: Array<{ type: string; status: string }> }).conditions ?? []).map(
        (c) => `${c.type}=${c.status}`,
      ),
    ).toEqual([
      'NamespaceDeletionDiscoveryFailure=False',
      'NamespaceDeletionGroupVersionParsingFailure=False',
      'NamespaceDeletionContentFailure=False',
      'NamespaceContentRemaining=False',
      'NamespaceFinalizersRemaining=False',
    ]);
    for (const [i, path] of content.entries()) {
      const name = (bodies[i]!.metadata as { name: string }).name;
      expect((await send(base, 'GET', `${path}/${name}`)).status).toBe(404);
    }
    expect((await send(base, 'GET', `${NS}/team`)).status).toBe(404);
    expect((await send(base, 'GET', `${NS}/default/configmaps/stays`)).status).toBe(200);
    // gone, the namespace takes no content
    expect((await send(base, 'POST', `${NS}/team/configmaps`, cm('late'))).status).toBe(404);
  });

  it('keeps a namespace Terminating while content with finalizers remains, and ends it when they go', async () => {
    server = await listening('memory', { disableAdmissionPlugins: [], namespaceRetryMs: 20 });
    const base = server.url;
    await send(base, 'POST', NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'held' } });
    const held = await send(
      base,
      'POST',
      `${NS}/held/configmaps`,
      cm('keep', { metadata: { finalizers: ['example.com/hold'] } }),
    );
    watch = await openWatch(
      `${base}${NS}?watch=true&fieldSelector=metadata.name%3Dheld&resourceVersion=${String(held.body.metadata?.resourceVersion)}`,
    );
    await send(base, 'DELETE', `${NS}/held`);
    const stuck = await until(watch, (e) => conditions(e).includes('NamespaceFinalizersRemaining'));
    expect(conditions(stuck.at(-1)!)).toEqual(['NamespaceContentRemaining', 'NamespaceFinalizersRemaining']);
    expect(
      (
        stuck.at(-1)!.object.status as { conditions: Array<{ type: string; message: string }> }
      ).conditions.find((c) => c.type === 'NamespaceFinalizersRemaining')?.message,
    ).toBe(
      'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    );
    const keep = await send(base, 'GET', `${NS}/held/configmaps/keep`);
    expect(keep.body.metadata?.deletionTimestamp).toEqual(expect.any(String));
    expect((await send(base, 'POST', `${NS}/held/configmaps`, cm('new'))).status).toBe(403);
    // a second DELETE answers the namespace as it is
    const again = await send(base, 'DELETE', `${NS}/held`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: { phase: 'Terminating' } });

    await send(
      base,
      'PATCH',
      `${NS}/held/configmaps/keep`,
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    const rest = await until(watch, (e) => e.type === 'DELETED');
    expect(rest.at(-1)?.object.metadata?.name).toBe('held');
    expect((await send(base, 'GET', `${NS}/held/configmaps/keep`)).status).toBe(404);
  });
});
