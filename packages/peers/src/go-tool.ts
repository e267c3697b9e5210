import { spawn, spawnSync } from 'node:child_process';
import { NO_SUMDB } from './targets.js';

/** Raised when Go is absent or a build fails; the message is for the operator as is. */
export class PeerBuildError extends Error {
  override readonly name = 'PeerBuildError';
}

/** `go version`'s line, or a PeerBuildError saying how to get Go. */
export function goVersion(): string {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new PeerBuildError(
      'Go is not installed or not on PATH: the peers (Pilot, kube-apiserver, ...) are built from their Go modules with `go build`. Install Go 1.24 or newer and run `pnpm peers:build` again.',
    );
  }
  return r.stdout.trim();
}

export function goEnv(): NodeJS.ProcessEnv {
  const nosum = [process.env.GONOSUMDB, ...NO_SUMDB].filter(Boolean).join(',');
  return {
    ...process.env,
    GONOSUMDB: nosum,
    GOFLAGS: [process.env.GOFLAGS, '-mod=readonly'].filter(Boolean).join(' '),
  };
}

/** Non-standard packages a build compiles: the denominator of the progress figure. */
export function countPackages(moduleDir: string, pkg: string): number {
  const r = spawnSync('go', ['list', '-deps', '-f', '{{if not .Standard}}{{.ImportPath}}{{end}}', pkg], {
    cwd: moduleDir,
    env: goEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean).length : 0;
}

/**
 * `go build -v -trimpath -o out pkg` in our module; `onPackage` hears each package as it compiles
 * (go build -v prints their paths on stderr). Rejects with the last lines of Go's output.
 */
export function goBuild(
  moduleDir: string,
  pkg: string,
  out: string,
  onPackage: (p: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['build', '-v', '-trimpath', '-o', out, pkg], { cwd: moduleDir, env: goEnv() });
    const tail: string[] = [];
    let partial = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (/^[\w.-]+(\/[\w.~-]+)*$/.test(line)) onPackage(line);
        else if (line.trim()) tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    });
    child.stdout.resume();
    child.on('error', (e) => reject(new PeerBuildError(`go build ${pkg}: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new PeerBuildError(`go build ${pkg} failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}
