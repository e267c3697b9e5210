/** Runs the system `kubectl` against a test server with a temporary kubeconfig and cache dir. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  dir: string;
  run(args: readonly string[], options?: { stdin?: string }): Promise<KubectlResult>;
  /** Starts a long-running kubectl (e.g. `get -w`); the caller kills it. */
  spawn(args: readonly string[]): Running;
  /** Writes a manifest into the temp dir and returns its path. */
  file(name: string, content: string): Promise<string>;
  cleanup(): Promise<void>;
}

export interface KubectlOptions {
  namespace?: string;
  /** PEM of the CA that signed an HTTPS server's certificate. */
  caPem?: string;
  /** Credentials (HTTPS only): a bearer token, a client certificate, or none at all (`{}`). */
  user?: { token: string } | { certPem: string; keyPem: string } | Record<string, never>;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

function userLine(options: KubectlOptions): string {
  const user = options.user;
  if (!options.caPem) return '  user: {}';
  // Over https kubectl prompts for credentials when the user has none; a token avoids that.
  if (!user) return '  user: { token: test-token }';
  if ('token' in user) return `  user: { token: "${user.token}" }`;
  if ('certPem' in user) {
    return `  user: { client-certificate-data: "${b64(user.certPem)}", client-key-data: "${b64(user.keyPem)}" }`;
  }
  return '  user: {}';
}

export async function kubectlFor(serverUrl: string, options: KubectlOptions = {}): Promise<Kubectl> {
  const namespace = options.namespace ?? 'x';
  const ca = options.caPem
    ? `, certificate-authority-data: "${Buffer.from(options.caPem).toString('base64')}"`
    : '';
  const dir = await mkdtemp(join(tmpdir(), 'hs-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      `  cluster: { server: "${serverUrl}"${ca} }`,
      'users:',
      '- name: test',
      userLine(options),
      'contexts:',
      '- name: test',
      `  context: { cluster: test, user: test, namespace: ${namespace} }`,
      'current-context: test',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, KUBECTL_EXTERNAL_DIFF: '' };
  const fullArgs = (args: readonly string[]) => [...args, '--cache-dir', join(dir, 'cache')];
  return {
    dir,
    run: (args, options = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn('kubectl', fullArgs(args), { env, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          stdout += d;
        });
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          stderr += d;
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(options.stdin ?? '');
      }),
    spawn: (args) => collect(spawn('kubectl', fullArgs(args), { env, stdio: ['ignore', 'pipe', 'pipe'] })),
    file: async (name, content) => {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A long-running kubectl whose stdout is collected from the start, so no line is missed. */
export interface Running {
  child: ChildProcess;
  /** Resolves with all output so far once `predicate` holds (rejects if kubectl exits first). */
  waitFor(predicate: (out: string) => boolean): Promise<string>;
  kill(): void;
}

export function collect(child: ChildProcess): Running {
  let out = '';
  let exited = false;
  const waiters: Array<{
    predicate: (o: string) => boolean;
    resolve: (o: string) => void;
    reject: (e: Error) => void;
  }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.predicate(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(out);
      }
    }
  };
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    check();
  });
  child.once('close', () => {
    exited = true;
    for (const w of waiters.splice(0))
      w.reject(new Error(`kubectl exited before the expected output; got:\n${out}`));
  });
  return {
    child,
    waitFor: (predicate) =>
      new Promise((resolve, reject) => {
        if (predicate(out)) resolve(out);
        else if (exited) reject(new Error(`kubectl exited; got:\n${out}`));
        else waiters.push({ predicate, resolve, reject });
      }),
    kill: () => child.kill(),
  };
}
