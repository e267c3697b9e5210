/** The `higress-apiserver` process: flags, listening, readiness and graceful shutdown on SIGTERM. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { httpsJson } from './testing/https-client.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

function start(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(tsx, ['--conditions=@hs/source', 'src/main.ts', ...args], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function listeningUrl(proc: ReturnType<typeof start>): Promise<string> {
  for (;;) {
    const match = /listening on (http\S+)/.exec(proc.output());
    if (match?.[1]) return match[1];
    const code = await Promise.race([
      proc.exited,
      new Promise<'wait'>((r) => setTimeout(() => r('wait'), 50)),
    ]);
    if (code !== 'wait') throw new Error(`exited with ${code}: ${proc.output()}`);
  }
}

describe('higress-apiserver', () => {
  it('serves file storage over plain HTTP and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-main-'));
    const proc = start([
      '--insecure-port',
      '0',
      '--bind-address',
      '127.0.0.1',
      '--storage',
      'file',
      '--file-root-dir',
      dir,
    ]);
    try {
      const url = await listeningUrl(proc);
      expect(await (await fetch(`${url}/readyz`)).text()).toBe('ok');
      const create = (ns: string) =>
        fetch(`${url}/api/v1/namespaces/${ns}/configmaps`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }),
        });
      // NamespaceLifecycle: no content in a namespace that does not exist
      expect((await create('x')).status).toBe(404);
      expect((await create('kube-system')).status).toBe(201);
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      expect(proc.output()).toContain('SIGTERM, shutting down');
    } finally {
      proc.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad flags with a readable message and a non-zero exit', async () => {
    const proc = start(['--storage', 'etcd', '--insecure-port', '0']);
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('higress-apiserver: --storage must be memory, file or nacos, not "etcd"');
  });

  it('defaults to TLS, authentication and RBAC, generating certificates and a kubeconfig in --cert-dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-main-'));
    const proc = start([
      '--secure-port',
      '0',
      '--bind-address',
      '127.0.0.1',
      '--cert-dir',
      join(dir, 'pki'),
      '--storage',
      'memory',
    ]);
    try {
      const url = await listeningUrl(proc);
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const kubeconfig = join(dir, 'pki', 'admin.kubeconfig');
      const ca = await readFile(join(dir, 'pki', 'ca.crt'), 'utf8');
      // The kubeconfig is written right after listening.
      for (let i = 0; i < 100 && !(await readFile(kubeconfig, 'utf8').catch(() => '')).includes(url); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const whoami = await run(
        'kubectl',
        ['--kubeconfig', kubeconfig, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'],
        dir,
      );
      expect(whoami).toEqual({ code: 0, stdout: 'higress-admin' });
      expect((await httpsJson(`${url}/readyz`, { ca })).status).toBe(200);
      expect((await httpsJson(`${url}/api/v1/namespaces`, { ca })).status).toBe(401);
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    } finally {
      proc.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function run(cmd: string, args: string[], home: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, HOME: home },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.once('close', (code) => resolve({ code, stdout }));
  });
}
