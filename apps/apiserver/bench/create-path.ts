/**
 * The files one create runs through: the API server on file storage (as `pnpm dev` runs it) on a
 * real port, 20 warm-up creates, then one `POST` of a ConfigMap under V8 precise coverage with
 * call counts. Prints each file of the workspace that ran a function during that request,
 * grouped by package, and the counts. The file driver's disk thread runs in another isolate: its
 * files are not counted.
 *
 *   pnpm --filter @hs/apiserver run create-path [--json]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ScriptCoverage {
  url: string;
  functions: { ranges: { startOffset: number; count: number }[] }[];
}

const self = fileURLToPath(import.meta.url);
const workspace = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

// Coverage runs from before the server's modules load: V8 counts calls exactly only in functions
// compiled while it is on. Each take answers the counts since the last one and resets them.
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });

const { registry } = await import('@hs/resources');
const { storageFromConfig } = await import('../src/adapters/storage.js');
const { startServer } = await import('../src/start-server.js');

const rootDir = await mkdtemp(join(tmpdir(), 'hs-create-path-'));
const storage = await storageFromConfig({ type: 'file', rootDir }, registry);
const api = await startServer({ storage, port: 0, host: '127.0.0.1' });

const post = async (name: string) => {
  const response = await fetch(`${api.url}/api/v1/namespaces/default/configmaps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } }),
  });
  if (response.status !== 201) throw new Error(`create ${name}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
};

/** A workspace source file that ran a function since the last take (its load excluded). */
function ran(script: ScriptCoverage): string | undefined {
  if (!script.url.startsWith('file://')) return undefined;
  const path = fileURLToPath(script.url);
  const file = relative(workspace, path);
  if (path === self || file.startsWith('..') || file.includes('node_modules')) return undefined;
  // The module's own top-level code (the range at offset 0) ran when it loaded.
  return script.functions.some(({ ranges: [range] }) => range && range.startOffset > 0 && range.count > 0)
    ? file
    : undefined;
}

try {
  for (let i = 0; i < 20; i += 1) await post(`warm-${i}`);
  await session.post('Profiler.takePreciseCoverage');
  await post('traced');
  const { result } = (await session.post('Profiler.takePreciseCoverage')) as { result: ScriptCoverage[] };

  const byPackage = new Map<string, string[]>();
  for (const file of result
    .map(ran)
    .filter((f) => f !== undefined)
    .sort()) {
    const pkg = file.split('/').slice(0, 2).join('/');
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), file]);
  }
  const files = [...byPackage.values()].flat().length;
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ files, packages: Object.fromEntries(byPackage) }, null, 2));
  } else {
    for (const [pkg, paths] of byPackage) {
      console.log(`${pkg} (${paths.length})`);
      for (const path of paths) console.log(`  ${path}`);
    }
    console.log(`${files} files in ${byPackage.size} packages ran during one create (main thread)`);
  }
} finally {
  await session.post('Profiler.stopPreciseCoverage');
  session.disconnect();
  await api.close();
  await storage.close();
  await rm(rootDir, { recursive: true, force: true });
}
