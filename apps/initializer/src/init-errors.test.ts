import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { NacosClient } from '@hs/nacos-client';
import {
  type NacosTestServer,
  type NacosTestServerOptions,
  startNacosTestServer,
} from '@hs/nacos-client/testing';
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

describe('init: Nacos preparation (against the Nacos test server)', () => {
  async function nacos(options: NacosTestServerOptions): Promise<NacosTestServer> {
    const server = await startNacosTestServer(options);
    cleanups.push(() => server.close());
    return server;
  }
  /** Tokens travel in headers, credentials in POST bodies: no URL the server saw carries any. */
  function expectNoCredentialsInUrls(server: NacosTestServer, password: string) {
    expect(server.requestUrls.length).toBeGreaterThan(0);
    for (const url of server.requestUrls) {
      expect(url).not.toMatch(/accessToken|username|password/i);
      expect(url).not.toContain(password);
    }
  }

  it.each([
    { mode: '2.5', family: '2.x (v1 API)' },
    { mode: '3.1', family: '3.x (v3 API)' },
    { mode: '3.2', family: '3.x (v3 API)' },
  ] as const)(
    'Nacos $mode with auth: logs in, creates the namespace once, no credentials in URLs',
    async ({ mode, family }) => {
      const server = await nacos({ mode, auth: true, users: { admin: 'pa55-word' } });
      const root = await tempRoot();
      const options = {
        root,
        keyType: 'ecdsa',
        storage: 'nacos',
        nacosServer: server.url,
        nacosUsername: 'admin',
        nacosPassword: 'pa55-word',
        nacosNamespace: 'hs-test',
        log: quiet,
      } as const;
      const first = await runInit(options);
      expect(first.notes[0]).toBe(`Nacos ${family} ready; namespace hs-test created`);
      const second = await runInit(options);
      expect(second.notes[0]).toBe(`Nacos ${family} ready; namespace hs-test exists`);
      expect(second.changes).toEqual([]);
      expect(server.auth.logins).toBeGreaterThanOrEqual(2);
      expectNoCredentialsInUrls(server, 'pa55-word');
    },
  );

  it('waits for a Nacos that is not listening yet', async () => {
    const server = await nacos({ mode: '2.5' });
    await server.pause();
    const root = await tempRoot();
    const lines: string[] = [];
    const run = runInit({
      root,
      keyType: 'ecdsa',
      storage: 'nacos',
      nacosServer: server.url,
      nacosWaitSeconds: 20,
      log: (l) => lines.push(l),
    });
    await sleep(1500);
    await server.resume();
    expect((await run).notes[0]).toBe('Nacos 2.x (v1 API) ready; namespace higress-system created');
    expect(lines.join('\n')).toMatch(
      /waiting for Nacos at http:\/\/127\.0\.0\.1:\d+\/nacos \(ECONNREFUSED\)/,
    );
  });

  it.each(['2.5', '3.1'] as const)(
    'Nacos %s: refused credentials fail at once, without showing the password',
    async (mode) => {
      const server = await nacos({ mode, auth: true, users: { admin: 'right-password' } });
      const root = await tempRoot();
      const started = Date.now();
      const err = await runInit({
        root,
        keyType: 'ecdsa',
        storage: 'nacos',
        nacosServer: server.url,
        nacosUsername: 'admin',
        nacosPassword: 'wrong-password',
        nacosWaitSeconds: 60,
        log: quiet,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InitError);
      expect((err as Error).message).toMatch(/^Nacos login as admin failed: HTTP 403 user not found!/);
      expect((err as Error).message).not.toContain('wrong-password');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await readdir(root)).toEqual([]);
      expectNoCredentialsInUrls(server, 'wrong-password');
    },
  );

  it('tells the user to pass credentials when Nacos wants some', async () => {
    const server = await nacos({ mode: '3.1' });
    const root = await tempRoot();
    await expect(
      runInit({ root, keyType: 'ecdsa', storage: 'nacos', nacosServer: server.url, log: quiet }),
    ).rejects.toThrow(/refused list namespaces without credentials .*--nacos-username and --nacos-password/);
  });

  it('refuses a Nacos too old for compare-and-set at once, naming its version', async () => {
    const server = await nacos({ mode: '2.2' });
    const root = await tempRoot();
    const started = Date.now();
    await expect(
      runInit({
        root,
        keyType: 'ecdsa',
        storage: 'nacos',
        nacosServer: server.url,
        nacosWaitSeconds: 60,
        log: quiet,
      }),
    ).rejects.toThrow(/Nacos at .* is version 2\.2\.3, too old: .*Use Nacos 2\.3\.0 or newer/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await readdir(root)).toEqual([]);
  });

  it.each(['2.5', '3.2'] as const)(
    'Nacos %s: refuses a new random data-encryption key for a namespace that already holds secrets',
    async (mode) => {
      const server = await nacos({ mode });
      const creds = mode === '3.2' ? { username: 'nacos', password: 'nacos' } : {};
      const writer = new NacosClient({ serverUrl: server.url, ...creds });
      await writer.connect();
      const index = { tenant: 'higress-system', group: 'DEFAULT_GROUP', dataId: 'secrets.__names__' };
      await writer.publish(index, 'default/higress-console', { type: 'text' });
      const root = await tempRoot();
      const options = {
        root,
        keyType: 'ecdsa',
        storage: 'nacos',
        nacosServer: server.url,
        ...(mode === '3.2' ? { nacosUsername: 'nacos', nacosPassword: 'nacos' } : {}),
        log: quiet,
      } as const;
      await expect(runInit(options)).rejects.toThrow(
        /namespace higress-system already holds Higress secrets.*--data-enc-key/,
      );
      expect(await readdir(root)).toEqual([]);
      const withKey = await runInit({ ...options, dataEncryptionKey: '0123456789abcdef0123456789abcdef' });
      const family = mode === '2.5' ? '2.x (v1 API)' : '3.x (v3 API)';
      expect(withKey.notes[0]).toBe(`Nacos ${family} ready; namespace higress-system exists`);
    },
  );
});
