/**
 * The bench's server process (forked by run.ts so the load generator never shares its event loop):
 * our API server on memory or file storage and, on a second port, the bare Fastify ceilings —
 * the same object, the same 10,000-object list, an echo POST and a raw watch broadcast (ready-made chunks written to the sockets).
 * argv: `memory <listSize>` or `file`, then optionally a JSON file of `{ cert, key, ca }` PEMs: the
 * API server then serves HTTPS with client certificates, anonymous requests and RBAC, as the real
 * binary's secure port does (the side-by-side bench against kube-apiserver).
 * Sends `{ type: 'ready', ... }` over IPC; exits on 'stop'.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackUpdate } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { registry } from '@hs/resources';
import { createMemoryDriver, createStorage, type Storage } from '@hs/storage';
import Fastify from 'fastify';
import { storageFromConfig } from '../src/adapters/storage.js';
import { startServer } from '../src/start-server.js';
import { BENCH_MANAGER, configMap, type ServerMessage } from './fixtures.js';

const mode = process.argv[2] === 'file' ? 'file' : 'memory';
const listSize = Number(process.argv[3] ?? 0);
const tlsFile = process.argv[4];
const configMaps = registry.find('', 'v1', 'configmaps');
if (!configMaps) throw new Error('the registry has no v1 configmaps');

let rootDir: string | undefined;
let storage: Storage;
if (mode === 'file') {
  rootDir = await mkdtemp(join(tmpdir(), 'hs-apiserver-bench-'));
  storage = await storageFromConfig({ type: 'file', rootDir }, registry);
} else {
  storage = await createStorage({ driver: createMemoryDriver(), registry });
}

const store = storage.for(configMaps);
const seed = (namespace: string, name: string) =>
  store.create(
    trackUpdate(configMaps, undefined, configMap(namespace, name) as unknown as KubeObject, {
      fieldManager: BENCH_MANAGER,
    }),
  );
// One object for GET, a watched namespace holding the object the fan-out bench rewrites.
const object = await seed('default', 'bench-object');
await seed('watch', 'watched');
for (let i = 0; i < listSize; i++) await seed('list', `item-${String(i).padStart(5, '0')}`);
const listed = (await store.list({ namespace: 'list' })).items;

const api = await startServer({
  storage,
  port: 0,
  host: '127.0.0.1',
  ...(tlsFile ? await secure(tlsFile) : {}),
});

/** The secure port's options of the real binary (main.ts securityOf), with its default limits. */
async function secure(file: string) {
  const pem = JSON.parse(await readFile(file, 'utf8')) as { cert: string; key: string; ca: string };
  return {
    tls: { ...pem, http2: true },
    security: {
      authentication: { clientCertificates: true, anonymous: { enabled: true } },
      authorizationMode: 'RBAC' as const,
      // One client holds the fan-out's 1,000 watches; kube-apiserver has no per-client cap.
      limits: { maxWatchesPerClient: 0 },
    },
  };
}

const bare = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 });
bare.get('/object', async () => object);
bare.get('/list', async () => ({
  kind: 'ConfigMapList',
  apiVersion: 'v1',
  metadata: { resourceVersion: storage.currentResourceVersion() },
  items: listed,
}));
bare.post('/create', async (req, reply) => reply.code(201).send(req.body));
const watchers = new Set<ServerResponse>();
bare.get('/watch', (req, reply) => {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  reply.raw.flushHeaders();
  watchers.add(reply.raw);
  req.raw.on('close', () => watchers.delete(reply.raw));
});
let revision = 0;
bare.post('/broadcast', async (req) => {
  const { value } = req.body as { value: string };
  const changed = {
    ...object,
    metadata: {
      ...object.metadata,
      name: 'watched',
      namespace: 'watch',
      resourceVersion: String(++revision),
    },
    data: { ...(object.data as Record<string, string>), value },
  };
  // One ready-made HTTP/1.1 chunk written straight to every socket: the cheapest fan-out there is.
  const line = Buffer.from(`${JSON.stringify({ type: 'MODIFIED', object: changed })}\n`);
  const chunk = Buffer.concat([Buffer.from(`${line.length.toString(16)}\r\n`), line, Buffer.from('\r\n')]);
  for (const res of watchers) res.socket?.write(chunk);
  return {};
});
await bare.listen({ port: 0, host: '127.0.0.1' });
const address = bare.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

const send = (message: ServerMessage) => process.send?.(message);
send({ type: 'ready', api: api.url, bare: `http://127.0.0.1:${port}`, listSize: listed.length });

process.on('message', async (message: unknown) => {
  if (message !== 'stop') return;
  for (const res of watchers) res.end();
  await Promise.all([api.close(), bare.close()]);
  await storage.close();
  if (rootDir) await rm(rootDir, { recursive: true, force: true });
  process.exit(0);
});
