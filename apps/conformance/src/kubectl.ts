/** The system kubectl against one side, with its own HOME and discovery cache. */
import { spawn, spawnSync } from 'node:child_process';

export interface KubectlAnswer {
  exit: number;
  stdout: string;
  stderr: string;
}

export function kubectlMissing(): string | undefined {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'kubectl is not on PATH' : undefined;
}

export function runKubectl(
  kubeconfig: string,
  home: string,
  args: readonly string[],
  stdin = '',
): Promise<KubectlAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', [...args, '--kubeconfig', kubeconfig, '--cache-dir', `${home}/cache`], {
      env: { ...process.env, HOME: home, KUBECONFIG: kubeconfig, KUBECTL_EXTERNAL_DIFF: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exit: code ?? -1, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}
