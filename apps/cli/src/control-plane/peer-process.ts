import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface PeerProcessOptions {
  name: string;
  binary: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Everything the process prints goes here too. */
  logFile: string;
}

/** Error when a peer exits before it is ready, or does not become ready in time. */
export class PeerStartError extends Error {
  override readonly name = 'PeerStartError';
}

/**
 * One peer program (Pilot, the controller) as a child process: its output kept in memory and in
 * a log file, a readiness wait on an HTTP URL, and a stop that ends exactly this process.
 */
export class PeerProcess {
  readonly name: string;
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private output = '';
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(options: PeerProcessOptions) {
    this.name = options.name;
    this.log = createWriteStream(options.logFile, { flags: 'a' });
    this.child = spawn(options.binary, options.args, {
      cwd: options.cwd,
      // Only what the compose env file gives, plus PATH and HOME: the service's real surroundings.
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const take = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      this.log.write(chunk);
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
      this.child.once('error', (e) => {
        take(Buffer.from(`${e.message}\n`));
        this.exitCode = -1;
        resolve(-1);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Everything the process printed so far. */
  logs(): string {
    return this.output;
  }

  /** Polls `url` until it answers 200; fails early when the process exits. */
  async waitReady(url: string, timeoutMs: number): Promise<number> {
    const started = Date.now();
    let last = 'no answer';
    while (Date.now() - started < timeoutMs) {
      if (this.exitCode !== undefined) {
        throw new PeerStartError(
          `${this.name} exited (${this.exitCode}) before it was ready:\n${this.tail()}`,
        );
      }
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (r.status === 200) return Date.now() - started;
        last = `HTTP ${r.status}`;
      } catch (e) {
        last = (e as Error).message;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new PeerStartError(
      `${this.name} was not ready at ${url} after ${timeoutMs} ms (${last}):\n${this.tail()}`,
    );
  }

  private tail(lines = 20): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exitCode === undefined) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}
