import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputError } from './file-plan.js';
import { runInit } from './init.js';
import { InitError } from './pki-state.js';

const quiet = () => undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function tempRoot(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'init-err-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port that was just free: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const mainTs = fileURLToPath(new URL('./main.ts', import.meta.url));
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=@hs/source', mainTs, ...args],
      { timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('init: bad input', () => {
  it('rejects invalid options before touching the disk', async () => {
    const root = join(await tempRoot(), 'out');
    await expect(runInit({ root, keySize: 1024, log: quiet })).rejects.toThrow(
      /RSA key size must be one of 2048, 3072, 4096/,
    );
    await expect(runInit({ root, keyType: 'dsa', log: quiet })).rejects.toThrow(InitError);
    await expect(runInit({ root, sans: ['not a host!'], log: quiet })).rejects.toThrow(/--san "not a host!"/);
    await expect(runInit({ root, apiserverUrl: 'http://x:1', log: quiet })).rejects.toThrow(/must be https/);
    await expect(runInit({ root, storage: 'nacos', log: quiet })).rejects.toThrow(
      /--nacos-server is required/,
    );
    await expect(runInit({ root, dataEncryptionKey: 'short', log: quiet })).rejects.toThrow(
      /16, 24 or 32 bytes/,
    );
    expect(existsSync(root)).toBe(false);
  });

  it('reports an output directory it cannot write to', async () => {
    const parent = await tempRoot();
    const file = join(parent, 'a-file');
    await writeFile(file, 'x');
    // a path under a regular file cannot be created, even by root
    await expect(runInit({ root: join(file, 'out'), log: quiet })).rejects.toThrow(OutputError);
    await expect(runInit({ root: join(file, 'out'), log: quiet })).rejects.toThrow(/is not writable/);
  });

  it('gives up on an unreachable Nacos after the deadline, writing nothing', async () => {
    const root = await tempRoot();
    const port = await closedPort();
    await expect(
      runInit({
        root,
        storage: 'nacos',
        nacosServer: `http://127.0.0.1:${port}`,
        nacosWaitSeconds: 1,
        log: quiet,
      }),
    ).rejects.toThrow(
      new RegExp(
        `Nacos at http://127.0.0.1:${port}/nacos did not become ready within 1 s \\(last: ECONNREFUSED\\)`,
      ),
    );
    expect(await readdir(root)).toEqual([]);
  });

  it('exits non-zero with the message on stderr from the command line', async () => {
    const root = await tempRoot();
    const port = await closedPort();
    const nacos = await cli(
      'init',
      '--root',
      root,
      '--storage',
      'nacos',
      '--nacos-server',
      `http://127.0.0.1:${port}/nacos`,
      '--nacos-wait-seconds',
      '1',
    );
    expect(nacos.code).toBe(1);
    expect(nacos.stderr).toMatch(/higress-initializer: Nacos at .* did not become ready within 1 s/);
    const storage = await cli('init', '--root', root, '--storage', 'etcd');
    expect(storage.code).toBe(2);
    expect(storage.stderr).toMatch(/Allowed choices are nacos, file, memory/);
    expect(await readdir(root)).toEqual([]);
  }, 120_000);
});

describe('init: Nacos preparation', () => {
  it('detects a Nacos 2.x, waits for readiness and creates the namespace once', async () => {
    let ready = false;
    const namespaces = new Set<string>();
    const created: string[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/nacos/v1/console/health/readiness') {
        res.statusCode = ready ? 200 : 500;
        res.end(ready ? 'OK' : 'server is DOWN now');
        ready = true; // ready from the second probe on
        return;
      }
      if (url.pathname === '/nacos/v1/console/namespaces' && req.method === 'GET') {
        res.setHeader('content-type', 'application/json');
        const data = [
          { namespace: '', namespaceShowName: 'public', type: 0 },
          ...[...namespaces].map((n) => ({ namespace: n, type: 2 })),
        ];
        res.end(JSON.stringify({ code: 200, message: null, data }));
        return;
      }
      if (url.pathname === '/nacos/v1/console/namespaces' && req.method === 'POST') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          const id = form.get('customNamespaceId')!;
          created.push(id);
          namespaces.add(id);
          res.end('true');
        });
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    const base = await listen(server);
    const root = await tempRoot();
    const lines: string[] = [];
    const first = await runInit({
      root,
      keyType: 'ecdsa',
      storage: 'nacos',
      nacosServer: base,
      nacosWaitSeconds: 10,
      log: (l) => lines.push(l),
    });
    expect(first.notes[0]).toBe('Nacos 2.x (v1 API) ready; namespace higress-system created');
    expect(lines.join('\n')).toMatch(/waiting for Nacos/);
    const second = await runInit({
      root,
      keyType: 'ecdsa',
      storage: 'nacos',
      nacosServer: `${base}/nacos`,
      log: quiet,
    });
    expect(second.notes[0]).toBe('Nacos 2.x (v1 API) ready; namespace higress-system exists');
    expect(created).toEqual(['higress-system']);
    expect(second.changes).toEqual([]);
  });

  it('detects a Nacos 3.x (v1 console gone: 410), logs in and creates the namespace through v3', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(`${req.method} ${url.pathname} token=${url.searchParams.get('accessToken') ?? ''} ${body}`);
        res.setHeader('content-type', 'application/json');
        if (url.pathname === '/nacos/v1/console/health/readiness') res.statusCode = 410;
        else if (url.pathname === '/nacos/v1/auth/login') res.write('{"accessToken":"tok","tokenTtl":18000}');
        else if (url.pathname === '/nacos/v3/admin/core/state')
          res.write('{"code":0,"data":{"version":"3.0.2"}}');
        else if (url.pathname === '/nacos/v3/admin/core/namespace/list') {
          res.write('{"code":0,"data":[{"namespace":"public","namespaceShowName":"public"}]}');
        } else if (url.pathname === '/nacos/v3/admin/core/namespace')
          res.write('{"code":0,"message":"success","data":true}');
        else res.statusCode = 404;
        res.end();
      });
    });
    const base = await listen(server);
    const root = await tempRoot();
    const result = await runInit({
      root,
      keyType: 'ecdsa',
      storage: 'nacos',
      nacosServer: `${base}/nacos`,
      nacosUsername: 'nacos',
      nacosPassword: 'secret',
      nacosNamespace: 'hs-test',
      log: quiet,
    });
    expect(result.notes[0]).toBe('Nacos 3.x (v3 API) ready; namespace hs-test created');
    expect(seen).toContain('POST /nacos/v1/auth/login token= username=nacos&password=secret');
    expect(seen).toContain(
      'POST /nacos/v3/admin/core/namespace token=tok namespaceId=hs-test&namespaceName=hs-test',
    );
  });

  it('refuses a new random data-encryption key for a namespace that already holds secrets', async () => {
    const server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/nacos/v1/console/health/readiness') res.end('OK');
      else if (url.pathname === '/nacos/v1/console/namespaces') {
        res.end('{"code":200,"data":[{"namespace":"higress-system","type":2}]}');
      } else if (
        url.pathname === '/nacos/v1/cs/configs' &&
        url.searchParams.get('dataId') === 'secrets.__names__'
      ) {
        res.end('default/higress-console');
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    const base = await listen(server);
    const root = await tempRoot();
    const options = { root, keyType: 'ecdsa', storage: 'nacos', nacosServer: base, log: quiet } as const;
    await expect(runInit(options)).rejects.toThrow(
      /namespace higress-system already holds Higress secrets.*--data-enc-key/,
    );
    expect(await readdir(root)).toEqual([]);
    const withKey = await runInit({ ...options, dataEncryptionKey: '0123456789abcdef0123456789abcdef' });
    expect(withKey.notes[0]).toBe('Nacos 2.x (v1 API) ready; namespace higress-system exists');
  });
});
