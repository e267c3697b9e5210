/** Test helpers: a server on memory or file storage, injected requests, and a listening variant. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { NAMESPACE_LIFECYCLE } from '../admission/plugins.js';
import { buildServer, type ServerOptions } from '../server.js';
import { type StartedServer, type StartOptions, startServer } from '../start-server.js';

export type StorageKind = 'memory' | 'file';

export interface Harness {
  app: FastifyInstance;
  close(): Promise<void>;
}

async function storageFor(
  kind: StorageKind,
): Promise<{ config: ServerOptions['storage']; cleanup: () => Promise<void> }> {
  if (kind === 'memory') return { config: { type: 'memory' }, cleanup: async () => {} };
  const rootDir = await mkdtemp(join(tmpdir(), 'hs-apiserver-'));
  return { config: { type: 'file', rootDir }, cleanup: () => rm(rootDir, { recursive: true, force: true }) };
}

/**
 * The fixtures' admission: tests of other things write in namespaces they never created, so the
 * fixtures run with NamespaceLifecycle off (as `--disable-admission-plugins=NamespaceLifecycle`)
 * unless the test says otherwise; tests of namespace lifecycle pass `disableAdmissionPlugins: []`
 * (the server's own default, upstream's behaviour).
 */
const fixtureAdmission = (options: Partial<ServerOptions>) => ({
  disableAdmissionPlugins: [NAMESPACE_LIFECYCLE],
  ...options,
});

export async function harness(
  kind: StorageKind = 'memory',
  options: Partial<ServerOptions> = {},
): Promise<Harness> {
  const { config, cleanup } = await storageFor(kind);
  const app = await buildServer({ storage: config, ...fixtureAdmission(options) });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}

export async function listening(
  kind: StorageKind = 'memory',
  options: Partial<StartOptions> = {},
): Promise<StartedServer> {
  const { config, cleanup } = await storageFor(kind);
  const server = await startServer({
    storage: config,
    port: 0,
    host: '127.0.0.1',
    ...fixtureAdmission(options),
  });
  return {
    ...server,
    close: async () => {
      await server.close();
      await cleanup();
    },
  };
}

export const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...((extra.metadata as object | undefined) ?? {}) },
  data: { k: 'v' },
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'metadata')),
});

export const json = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;
