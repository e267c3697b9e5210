import { isAbsolute, relative } from 'node:path';
import { type SeedSummary, startEmbeddedStack } from '../embedded/embedded-stack.js';
import { launchTime } from '../launch-time.js';

export interface DevLocalOptions {
  stateDir: string;
  apiserverPort: number;
  fileserverPort: number;
  out: (line: string) => void;
}

const seedLine = (r: SeedSummary) =>
  `  seed: ${r.created.length} created, ${r.existing.length} already present`;

/** A path relative to the current directory when it lies below it, else absolute. */
function shortPath(path: string): string {
  const rel = relative(process.env.INIT_CWD ?? process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * The embedded default: start the stack, print where everything is, then run until SIGINT or
 * SIGTERM and stop every server before exiting.
 */
export async function devLocal(options: DevLocalOptions): Promise<void> {
  const { out } = options;
  // "Ready in" covers the whole wait, from when the user's command started.
  const started = launchTime();
  out(`Starting the embedded stack (state in ${shortPath(options.stateDir)}) ...`);
  const stack = await startEmbeddedStack({
    stateDir: options.stateDir,
    apiserverPort: options.apiserverPort,
    fileserverPort: options.fileserverPort,
    log: out,
  });
  if (stack.seededBeforeReady) out(seedLine(await stack.seeded));
  const kubeconfig = shortPath(stack.kubeconfig);
  out('');
  out(`Ready in ${Math.round(Date.now() - started)} ms.`);
  out(`  API server   ${stack.apiserverUrl}`);
  out(`  file server  ${stack.fileserverUrl}/.well-known/jwks.json`);
  out(`  kubeconfig   ${stack.kubeconfig}`);
  out('');
  out(`Try: kubectl --kubeconfig ${kubeconfig} get --raw /readyz`);
  out(`     kubectl --kubeconfig ${kubeconfig} get configmaps,mcpbridges -n higress-system`);
  out('Higress Pilot and the gateway need Docker: start an engine and run `pnpm dev --docker`.');
  out('Press Ctrl-C to stop; the state stays for the next start.');
  if (!stack.seededBeforeReady) {
    stack.seeded.then(
      (r) => out(`${seedLine(r)} (checked after start)`),
      (error: unknown) => out(`  seed failed: ${(error as Error).message}`),
    );
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      // Ctrl-C reaches us twice under `pnpm dev` (from the terminal and forwarded by pnpm): the
      // handlers stay installed so a repeat never falls back to Node's default (death by signal).
      if (stopping) return;
      stopping = true;
      out(`\n${signal}: stopping ...`);
      stack.stop().then(resolve, (error: unknown) => {
        out(`error while stopping: ${(error as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  out('Stopped.');
}
