import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** A program we started, its output in a log file, stopped by its own PID only. */
export interface Child {
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal) once the program ended. */
  readonly exited: Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): Promise<string>;
}

export function startChild(command: string, args: readonly string[], logFile: string): Child {
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<string>((resolve) => {
    child.on('error', (e) => resolve(`failed to start: ${e.message}`));
    child.on('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit ${code}`));
  });
  void exited.then(() => log.end());
  const pid = child.pid ?? -1;
  return {
    pid,
    logFile,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null || pid < 0) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async tail(lines = 30) {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text.split('\n').slice(-lines).join('\n');
    },
  };
}

/** Polls `probe` until it returns true; rejects with `what` and the child's log tail otherwise. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; child?: Child; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let ended: string | undefined;
  void opts.child?.exited.then((how) => {
    ended = how;
  });
  for (;;) {
    if (ended !== undefined)
      throw new Error(`${what}: the process ended (${ended}):\n${await opts.child?.tail()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not ready after ${opts.timeoutMs / 1000} s:\n${(await opts.child?.tail()) ?? ''}`,
      );
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}
