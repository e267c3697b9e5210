/**
 * Forks server-process.ts (our API server and the bare ceilings in their own process, so the load
 * generator never shares their event loop) and waits for it to say it is ready.
 * BENCH_CPU_PROF=<dir> writes a CPU profile of the server process into <dir> when it stops.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerMessage } from './fixtures.js';

export interface RunningServer {
  api: string;
  bare: string;
  stop(): Promise<void>;
}

export function startServerProcess(args: string[]): Promise<RunningServer> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const child: ChildProcess = fork(fileURLToPath(new URL('./server-process.ts', import.meta.url)), args, {
    execArgv: [
      '--import',
      'tsx',
      '--conditions=@hs/source',
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start in 180 s')), 180_000);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.on('message', (message: ServerMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve({
        api: message.api,
        bare: message.bare,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.send('stop');
          }),
      });
    });
  });
}
