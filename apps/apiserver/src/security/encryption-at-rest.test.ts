/**
 * Encryption at rest through the API on the file driver: a Secret's value never reaches the disk in
 * plaintext (a ConfigMap, not an encryptAtRest kind, does), and rotating the key file (a new first
 * key) keeps old objects readable and rewrites them under the new key when they are updated.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../start-server.js';

const SECRET_VALUE = 'top-secret-value-4711';
const key = () => randomBytes(32).toString('base64');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function rawFiles(dir: string, filter: (path: string) => boolean = () => true): Promise<string> {
  const files = (await filesUnder(dir)).filter(filter);
  return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
}

let dir: string;
let server: StartedServer | undefined;
const start = async () => {
  server = await startServer({
    storage: { type: 'file', rootDir: join(dir, 'data'), encryptionKeyFile: join(dir, 'keys') },
    port: 0,
  });
  return server.url;
};
const send = (url: string, method: string, body: unknown) =>
  fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const secretUrl = (base: string) => `${base}/api/v1/namespaces/default/secrets`;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-encrypt-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('encryption at rest', () => {
  it('stores Secrets only encrypted, and rotates keys on update', async () => {
    await writeFile(join(dir, 'keys'), `k1:${key()}\n`, { mode: 0o600 });
    let url = await start();
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      stringData: { password: SECRET_VALUE },
    };
    expect((await send(secretUrl(url), 'POST', secret)).status).toBe(201);
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'plain' },
      data: { v: 'visible-value' },
    };
    expect((await send(`${url}/api/v1/namespaces/default/configmaps`, 'POST', cm)).status).toBe(201);

    let raw = await rawFiles(join(dir, 'data'));
    expect(raw).toContain('visible-value');
    expect(raw).toContain('k8s:enc:aesgcm:v1:k1:');
    expect(raw).not.toContain(SECRET_VALUE);
    expect(raw).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));

    // Rotate: a new first key; the old one stays for reading.
    await server?.close();
    const old = await readFile(join(dir, 'keys'), 'utf8');
    await writeFile(join(dir, 'keys'), `k2:${key()}\n${old}`);
    url = await start();
    const read = await fetch(`${secretUrl(url)}/db`);
    expect(read.status).toBe(200);
    const stored = (await read.json()) as { data: { password: string } };
    expect(Buffer.from(stored.data.password, 'base64').toString()).toBe(SECRET_VALUE);

    const patched = await fetch(`${secretUrl(url)}/db`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { rotated: 'yes' } } }),
    });
    expect(patched.status).toBe(200);
    await server?.close();
    server = undefined;
    raw = await rawFiles(join(dir, 'data'));
    expect(raw).not.toContain(SECRET_VALUE);
    const secretFile = await rawFiles(join(dir, 'data'), (p) => p.includes('secrets') && p.includes('db'));
    expect(secretFile).toContain('k8s:enc:aesgcm:v1:k2:');
    expect(secretFile).not.toContain('k8s:enc:aesgcm:v1:k1:');
  });

  it('refuses to start on a key file it cannot parse, naming the file but no key material', async () => {
    await writeFile(join(dir, 'keys'), 'k1:this is not base64 at all!\n');
    await expect(start()).rejects.toThrow(/keys/);
  });
});
