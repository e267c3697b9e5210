import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The workspace root, from this file (apps/cli/src/test-helpers). */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the output once `pattern` appears; rejects if the process exits first. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  exited: Promise<number | null>;
}

/**
 * Starts a command in its own process group (as a terminal would run it), so that a test can send
 * Ctrl-C's SIGINT to the whole group and check that nothing is left behind.
 */
export function startInGroup(command: string, args: string[], cwd = WORKSPACE_ROOT): RunningCli {
  const child = spawn(command, args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (pattern.test(text)) {
          cleanup();
          resolve(text);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${pattern}; output:\n${text}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      void exited.then((code) => {
        if (!pattern.test(text)) {
          cleanup();
          reject(new Error(`exited with ${code} before ${pattern}; output:\n${text}`));
        }
      });
      check();
    });
  return { child, output: () => text, waitFor, exited };
}

/** Whether any process of the group is still alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
