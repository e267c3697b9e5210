/**
 * The real `higress-apiserver` process for the soak: plain HTTP on a fixed loopback port (so
 * clients keep one URL across restarts), killed with SIGKILL and started again on the same flags.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class ApiserverProcess {
  #child: ChildProcess | undefined;
  #output = '';
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly storageArgs: string[],
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The last lines the process wrote, for failure messages. */
  tail(): string {
    return this.#output.slice(-2000);
  }

  /** Starts the process and resolves once `/readyz` answers `ok`. */
  async start(): Promise<void> {
    // node itself with tsx's loader, not the tsx wrapper: SIGKILL must reach the server process.
    const args = [
      '--import',
      'tsx',
      '--conditions=@hs/source',
      'src/main.ts',
      '--insecure-port',
      String(this.port),
    ];
    args.push('--bind-address', '127.0.0.1', '--max-watches-per-client', '0', '--log-level', 'warn');
    const child = spawn(process.execPath, [...args, ...this.storageArgs], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const keep = (d: Buffer) => {
      this.#output = (this.#output + d.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await this.waitReady(child);
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`apiserver exited with ${child.exitCode}: ${this.tail()}`);
      const ok = await fetch(`${this.url}/readyz`)
        .then((r) => r.text())
        .catch(() => '');
      if (ok === 'ok') return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL, as a crash: no shutdown hook runs. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Resident set size in bytes (Linux /proc), undefined when unavailable. */
  async rss(): Promise<number | undefined> {
    if (!this.pid) return undefined;
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8').catch(() => '');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  }
}
