import { credentialInventory, localVolumes } from '@hs/initializer';
import type Docker from 'dockerode';
import { stackStatus } from '../docker/stack.js';
import { stackVolumeFiles } from '../docker/stack-certificates.js';
import { printCredentials } from './credentials-table.js';

/**
 * `status`: one line per container (state, health, a one-shot's exit code), then the expiry of
 * every certificate and token the stack's initializer issued.
 */
export async function printStatus(
  docker: Docker,
  projectName: string,
  out: (line: string) => void,
  now = new Date(),
): Promise<void> {
  const rows = await stackStatus(docker, projectName);
  if (rows.length === 0) {
    out(`no containers of project ${projectName}`);
    return;
  }
  for (const row of rows) {
    const state = row.exitCode === undefined ? row.state : `${row.state} (${row.exitCode})`;
    out(`${row.service.padEnd(12)} ${state.padEnd(12)} ${row.health}`.trimEnd());
  }
  const files = await stackVolumeFiles(docker, projectName);
  printCredentials(await credentialInventory(async (path) => files.get(path), now), out);
}

/** `status --state-dir DIR`: the embedded stack's certificates and tokens, read from its state directory. */
export async function printLocalStatus(
  stateDir: string,
  out: (line: string) => void,
  now = new Date(),
): Promise<void> {
  const inventory = await credentialInventory(localVolumes(stateDir), now);
  if (inventory.entries.length === 0) {
    out(`no certificates under ${stateDir}/volumes (run \`pnpm dev --local\` or the initializer first)`);
    process.exitCode = 1;
    return;
  }
  printCredentials(inventory, out);
}
