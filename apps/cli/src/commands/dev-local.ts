import { isAbsolute, relative } from 'node:path';
import { peerBinary } from '@hs/peers';
import { type ControlPlane, startControlPlane } from '../control-plane/control-plane.js';
import { type SeedSummary, startEmbeddedStack } from '../embedded/embedded-stack.js';
import { launchTime } from '../launch-time.js';

export interface DevLocalOptions {
  stateDir: string;
  apiserverPort: number;
  fileserverPort: number;
  /** Also run the control plane (Pilot) as local processes from the peer binaries. */
  controlPlane?: boolean;
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
  if (options.controlPlane) {
    const pilot = peerBinary('pilot-discovery');
    if (!pilot.path) {
      out(`--control-plane needs the peer binaries: ${pilot.missing} (it needs Go), then run this again.`);
      process.exitCode = 1;
      return;
    }
  }
  out(`Starting the embedded stack (state in ${shortPath(options.stateDir)}) ...`);
  const stack = await startEmbeddedStack({
    stateDir: options.stateDir,
    apiserverPort: options.apiserverPort,
    fileserverPort: options.fileserverPort,
    log: out,
  });
  if (stack.seededBeforeReady) out(seedLine(await stack.seeded));
  let controlPlane: ControlPlane | undefined;
  if (options.controlPlane) {
    // Pilot renders the mesh the seed wrote: wait for the seed even on a reused state.
    await stack.seeded;
    out('  control plane: starting Pilot ...');
    try {
      controlPlane = await startControlPlane({
        stateDir: options.stateDir,
        fileserverPort: Number(new URL(stack.fileserverUrl).port),
      });
    } catch (error) {
      out(`  control plane failed: ${(error as Error).message}`);
      await stack.stop();
      process.exitCode = 1;
      return;
    }
  }
  const kubeconfig = shortPath(stack.kubeconfig);
  out('');
  out(`Ready in ${Math.round(Date.now() - started)} ms.`);
  out(`  API server   ${stack.apiserverUrl}`);
  out(`  file server  ${stack.fileserverUrl}/.well-known/jwks.json`);
  out(`  kubeconfig   ${stack.kubeconfig}`);
  if (controlPlane) {
    const p = controlPlane.pilot.ports;
    out(
      `  Pilot        http://127.0.0.1:${p.http}/ready, xDS 127.0.0.1:${p.grpc} (plaintext) and :${p.secureGrpc} (TLS), monitoring :${p.monitoring}`,
    );
    for (const note of controlPlane.notes) out(`  ${note}`);
  }
  out('');
  out(`Try: kubectl --kubeconfig ${kubeconfig} get --raw /readyz`);
  out(`     kubectl --kubeconfig ${kubeconfig} get configmaps,mcpbridges -n higress-system`);
  if (!controlPlane) {
    out(
      'Higress Pilot and the gateway need Docker: start an engine and run `pnpm dev --docker` (Pilot alone runs locally with --control-plane after `pnpm peers:build`).',
    );
  } else out('The gateway (Envoy) needs Docker: `pnpm dev --docker`.');
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
      (controlPlane?.stop() ?? Promise.resolve())
        .then(() => stack.stop())
        .then(resolve, (error: unknown) => {
          out(`error while stopping: ${(error as Error).message}`);
          resolve();
        });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  out('Stopped.');
}
