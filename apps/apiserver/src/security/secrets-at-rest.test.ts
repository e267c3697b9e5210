/**
 * Secrets at rest with key rotation. File storage: Secrets written by POST, PUT and patch never
 * reach the disk or the audit log (level RequestResponse) in plaintext or base64; after a new key
 * is prepended, new writes use it, old values still read, and the real
 * `higress-apiserver-reencrypt` process rewrites every Secret under the new key (a second run
 * rewrites nothing), after which the old key can be dropped. Nacos (the protocol-faithful test
 * server): no entry ever holds a secret value, and `reencryptAll` moves every entry to the new key.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type NacosTestServer, startNacosTestServer } from '@hs/nacos-client/testing';
import { registry } from '@hs/resources';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reencryptAll } from '../adapters/reencrypt.js';
import { type StorageConfig, storageFromConfig } from '../adapters/storage.js';
import { type StartedServer, startServer } from '../start-server.js';

const appDir = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
const run = promisify(execFile);

const VALUES = ['s3cret-by-post-1977', 's3cret-by-put-2001', 's3cret-by-patch-2024'];
const newKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}\n`;

/** Every form in which a value could leak: as is and base64 (Secret `data`). */
function leaks(text: string): string[] {
  return VALUES.flatMap((v) => [v, Buffer.from(v).toString('base64')]).filter((form) => text.includes(form));
}

async function filesText(root: string): Promise<string> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, 'latin1')))).join('\n');
}

const secret = (name: string, stringData: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name },
  stringData,
});

/** POST, PUT and merge-patch one Secret each (values never given back by this helper). */
async function writeSecrets(base: string): Promise<void> {
  const url = `${base}/api/v1/namespaces/default/secrets`;
  const json = { 'content-type': 'application/json' };
  const post = (body: object) => fetch(url, { method: 'POST', headers: json, body: JSON.stringify(body) });
  expect((await post(secret('by-post', { v: VALUES[0]! }))).status).toBe(201);
  expect((await post(secret('by-put', { v: 'placeholder' }))).status).toBe(201);
  const current = (await (await fetch(`${url}/by-put`)).json()) as { metadata: object };
  const put = await fetch(`${url}/by-put`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({ ...secret('by-put', { v: VALUES[1]! }), metadata: current.metadata }),
  });
  expect(put.status).toBe(200);
  expect((await post(secret('by-patch', { v: 'placeholder' }))).status).toBe(201);
  const patch = await fetch(`${url}/by-patch`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({ data: { v: Buffer.from(VALUES[2]!).toString('base64') } }),
  });
  expect(patch.status).toBe(200);
}

async function readValue(base: string, name: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/namespaces/default/secrets/${name}`);
  expect(res.status).toBe(200);
  return Buffer.from(((await res.json()) as { data: { v: string } }).data.v, 'base64').toString();
}

let dir: string;
let server: StartedServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-secrets-at-rest-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('file storage', () => {
  const keys = () => join(dir, 'keys');
  const dataDir = () => join(dir, 'data');
  const start = async () => {
    server = await startServer({
      storage: { type: 'file', rootDir: dataDir(), encryptionKeyFile: keys() },
      port: 0,
      security: { insecure: true, audit: { path: join(dir, 'audit.log'), level: 'RequestResponse' } },
    });
    return server.url;
  };
  const stop = async () => {
    await server?.close();
    server = undefined;
  };
  const reencrypt = async () =>
    (
      await run(
        tsx,
        [
          '--conditions=@hs/source',
          'src/reencrypt-main.ts',
          '--storage',
          'file',
          '--file-root-dir',
          dataDir(),
          '--encryption-key-file',
          keys(),
        ],
        { cwd: appDir },
      )
    ).stdout;

  it('keeps values out of the files and the audit log, and rotates keys with the reencrypt command', async () => {
    await writeFile(keys(), newKey('k1'), { mode: 0o600 });
    let url = await start();
    await writeSecrets(url);
    await stop();
    let disk = await filesText(dataDir());
    expect(disk).toContain('k8s:enc:aesgcm:v1:k1:');
    expect(leaks(disk)).toEqual([]);
    const audit = await readFile(join(dir, 'audit.log'), 'utf8');
    expect(audit).toContain('"resource":"secrets"'); // the writes were audited...
    expect(leaks(audit)).toEqual([]); // ...without their values

    // Rotate: a new first key; old values still read, new writes use the new key.
    await writeFile(keys(), `${newKey('k2')}${await readFile(keys(), 'utf8')}`);
    url = await start();
    expect(await readValue(url, 'by-post')).toBe(VALUES[0]);
    const created = await fetch(`${url}/api/v1/namespaces/default/secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(secret('after-rotation', { v: 'fresh' })),
    });
    expect(created.status).toBe(201);
    await stop();
    const fresh = (await filesText(dataDir())).split('\n').filter((l) => l.includes('k8s:enc:aesgcm:v1:k2:'));
    expect(fresh.length).toBeGreaterThan(0);

    expect(await reencrypt()).toBe('Secret: 4 examined, 3 rewritten\n');
    disk = await filesText(dataDir());
    expect(disk).not.toContain('k8s:enc:aesgcm:v1:k1:');
    expect(leaks(disk)).toEqual([]);
    expect(await reencrypt()).toBe('Secret: 4 examined, 0 rewritten\n');

    // The old key is no longer needed.
    await writeFile(keys(), (await readFile(keys(), 'utf8')).split('\n')[0]!);
    url = await start();
    expect(await readValue(url, 'by-post')).toBe(VALUES[0]);
    expect(await readValue(url, 'by-put')).toBe(VALUES[1]);
    expect(await readValue(url, 'by-patch')).toBe(VALUES[2]);
  }, 120_000);

  it('the reencrypt command refuses to run without a key file', async () => {
    await expect(
      run(tsx, ['--conditions=@hs/source', 'src/reencrypt-main.ts', '--file-root-dir', dataDir()], {
        cwd: appDir,
      }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--encryption-key-file') });
  }, 60_000);
});

describe('nacos storage', () => {
  let nacos: NacosTestServer;
  beforeEach(async () => {
    nacos = await startNacosTestServer({ minLongPollMs: 100 });
  });
  afterEach(async () => {
    await nacos.close();
  });
  const config = (): StorageConfig => ({
    type: 'nacos',
    server: nacos.url,
    namespaceId: 'higress-system',
    encryptionKeyFile: join(dir, 'keys'),
  });
  const rows = () => [...nacos.state.rows.values()];
  const entries = () =>
    rows()
      .map((r) => `${r.dataId} ${r.content}`)
      .join('\n');
  /** The objects' own entries (dataId `secrets.<name>`), not the change log's history. */
  const secretEntries = () =>
    rows()
      .filter((r) => r.dataId.startsWith('secrets.'))
      .map((r) => r.content);

  it('never stores a value in an entry and moves every entry to a new key', async () => {
    await writeFile(join(dir, 'keys'), newKey('k1'));
    server = await startServer({ storage: config(), port: 0 });
    await writeSecrets(server.url);
    await server.close();
    server = undefined;
    expect(entries()).toContain('k8s:enc:aesgcm:v1:k1:');
    expect(leaks(entries())).toEqual([]);

    await writeFile(join(dir, 'keys'), `${newKey('k2')}${await readFile(join(dir, 'keys'), 'utf8')}`);
    const storage = await storageFromConfig(config(), registry);
    try {
      const report = await reencryptAll(storage, registry);
      expect(report).toMatchObject({ examined: 3, rewritten: 3 });
      expect(report.kinds).toEqual([{ kind: 'Secret', group: '', examined: 3, rewritten: 3 }]);
    } finally {
      await storage.close();
    }
    const objects = secretEntries();
    expect(objects).toHaveLength(3);
    for (const content of objects) expect(content).toMatch(/^k8s:enc:aesgcm:v1:k2:/);
    // Older revisions in the change log keep their envelopes (like etcd history until compaction),
    // still never a value.
    expect(leaks(entries())).toEqual([]);

    await writeFile(join(dir, 'keys'), (await readFile(join(dir, 'keys'), 'utf8')).split('\n')[0]!);
    server = await startServer({ storage: config(), port: 0 });
    expect(await readValue(server.url, 'by-patch')).toBe(VALUES[2]);
  }, 60_000);
});
