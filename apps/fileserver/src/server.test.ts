import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningFileServer, startFileServer } from './server.js';

let base: string;
let root: string;
let fs: RunningFileServer;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so paths reach the server exactly as written (fetch would normalise `..`). */
function http(
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const url = new URL(fs.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const JWKS = '{"keys":[{"kty":"RSA","n":"abc","e":"AQAB","kid":"k1","alg":"RS256","use":"sig"}]}\n';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'fileserver-'));
  root = join(base, 'root');
  await mkdir(join(root, '.well-known'), { recursive: true });
  await writeFile(join(root, '.well-known', 'jwks.json'), JWKS);
  await writeFile(join(root, 'labels.txt'), 'app="higress-gateway"\n');
  await writeFile(join(base, 'secret.key'), 'outside the root');
  await symlink(join(base, 'secret.key'), join(root, 'escape.key'));
  fs = await startFileServer({ root, port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fs.close();
  await rm(base, { recursive: true, force: true });
});

describe('fileserver', () => {
  it('serves the JWKS with its content type, ETag and Last-Modified', async () => {
    const res = await http('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(new Date(String(res.headers['last-modified'])).getTime()).toBeGreaterThan(0);
    expect(res.body).toBe(JWKS);
    expect((await http('/labels.txt')).headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('answers conditional GETs with 304 and no body, and HEAD with headers only', async () => {
    const first = await http('/.well-known/jwks.json');
    const etag = String(first.headers.etag);
    const byTag = await http('/.well-known/jwks.json', { headers: { 'if-none-match': `"other", ${etag}` } });
    expect(byTag.status).toBe(304);
    expect(byTag.body).toBe('');
    expect(byTag.headers.etag).toBe(etag);
    const byDate = await http('/.well-known/jwks.json', {
      headers: { 'if-modified-since': String(first.headers['last-modified']) },
    });
    expect(byDate.status).toBe(304);
    const stale = await http('/.well-known/jwks.json', { headers: { 'if-none-match': '"stale"' } });
    expect(stale.status).toBe(200);
    const head = await http('/.well-known/jwks.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(JWKS)));
    expect(head.body).toBe('');
  });

  it('picks up a rotated file without a restart, with a new ETag', async () => {
    const path = join(root, '.well-known', 'rotating.json');
    await writeFile(path, '{"keys":[{"kid":"old"}]}');
    const before = await http('/.well-known/rotating.json');
    await writeFile(path, '{"keys":[{"kid":"new"}]}');
    const after = await http('/.well-known/rotating.json', {
      headers: { 'if-none-match': String(before.headers.etag) },
    });
    expect(after.status).toBe(200);
    expect(after.body).toContain('"new"');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('lists no directories and refuses path traversal, encoded or not', async () => {
    expect((await http('/')).status).toBe(404);
    expect((await http('/.well-known/')).status).toBe(404);
    expect((await http('/missing.json')).status).toBe(404);
    for (const path of [
      '/../secret.key',
      '/%2e%2e/secret.key',
      '/.well-known/..%2f..%2fsecret.key',
      '/a%00b',
    ]) {
      const res = await http(path);
      expect(res.status, path).toBe(403);
      expect(res.body).not.toContain('outside the root');
    }
    const viaLink = await http('/escape.key');
    expect(viaLink.status).toBe(404);
    expect((await http('/%E0%A4%A')).status).toBe(400);
  });

  it('is read-only and has a health endpoint', async () => {
    const put = await http('/.well-known/jwks.json', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    const health = await http('/healthz');
    expect(health.status).toBe(200);
    expect(health.body.trim()).toBe('ok');
  });

  it('refuses to start on a root that does not exist', async () => {
    await expect(startFileServer({ root: join(base, 'nope'), port: 0, host: '127.0.0.1' })).rejects.toThrow(
      /ENOENT/,
    );
  });
});
