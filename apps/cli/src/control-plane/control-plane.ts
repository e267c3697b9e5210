import { join } from 'node:path';
import { peerBinary } from '@hs/peers';
import { freePort } from '../embedded/free-port.js';
import { PeerStartError } from './peer-process.js';
import { PILOT_DEFAULT_PORTS, type PilotPorts, type RunningPilot, startPilot } from './pilot.js';

/** The control plane cannot start: a peer binary is missing. The message says how to build it. */
export class ControlPlaneUnavailable extends Error {
  override readonly name = 'ControlPlaneUnavailable';
}

/** Why there is no controller beside Pilot; shown by `dev --local --control-plane`. */
export const CONTROLLER_ABSENT =
  'The Higress controller is not started: its Go module cannot be built from the module proxy (docs/decisions/0007-peer-builds.md), so Pilot reads Ingresses itself.';

export interface ControlPlaneOptions {
  /** The initializer's root, whose volumes the stack already holds (init and seed have run). */
  stateDir: string;
  fileserverPort: number;
  /** `free`: any free loopback ports (tests); otherwise the compose ports, overridable one by one. */
  ports?: Partial<PilotPorts> | 'free';
  readyTimeoutMs?: number;
}

export interface ControlPlane {
  pilot: RunningPilot;
  /** Milliseconds until Pilot's /ready answered 200. */
  readyAfterMs: number;
  notes: string[];
  stop(): Promise<void>;
}

async function pilotPorts(ports: ControlPlaneOptions['ports']): Promise<PilotPorts> {
  if (ports !== 'free') return { ...PILOT_DEFAULT_PORTS, ...ports };
  return {
    http: await freePort(),
    grpc: await freePort(),
    secureGrpc: await freePort(),
    monitoring: await freePort(),
    webhook: await freePort(),
    ctrlz: await freePort(),
  };
}

/**
 * Starts the control plane as local processes beside a running embedded stack, from the same
 * files the initializer wrote for compose, and waits until Pilot is ready (its caches synced
 * against our API server).
 */
export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlane> {
  const found = peerBinary('pilot-discovery');
  if (!found.path)
    throw new ControlPlaneUnavailable(`${found.missing}; then start again with --control-plane.`);
  // Free ports are picked before Pilot binds them, so another process may take one in between:
  // with ports chosen here, a start that fails on a taken port is tried again on fresh ones.
  for (let attempt = 1; ; attempt++) {
    const pilot = await startPilot({
      binary: found.path,
      stateDir: o.stateDir,
      workDir: join(o.stateDir, 'control-plane', 'pilot'),
      fileserverPort: o.fileserverPort,
      ports: await pilotPorts(o.ports),
    });
    try {
      const readyAfterMs = await pilot.process.waitReady(pilot.readyUrl, o.readyTimeoutMs ?? 120_000);
      return { pilot, readyAfterMs, notes: [CONTROLLER_ABSENT], stop: () => pilot.process.stop() };
    } catch (error) {
      await pilot.process.stop();
      const portTaken = error instanceof PeerStartError && /address already in use/.test(error.message);
      if (!(portTaken && o.ports === 'free' && attempt < 3)) throw error;
    }
  }
}
