import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { volumeLayout } from '@hs/initializer';
import { localMesh } from './local-mesh.js';
import { nativeService } from './native-service.js';
import { PeerProcess } from './peer-process.js';

/** Pilot's listeners; the defaults are the compose ports (webhook 15017 as istiod's). */
export interface PilotPorts {
  http: number;
  grpc: number;
  secureGrpc: number;
  monitoring: number;
  webhook: number;
  /** ControlZ, Istio's introspection page. */
  ctrlz: number;
}
export const PILOT_DEFAULT_PORTS: PilotPorts = {
  http: 8080,
  grpc: 15010,
  secureGrpc: 15012,
  monitoring: 15014,
  webhook: 15017,
  ctrlz: 9876,
};

export interface PilotOptions {
  binary: string;
  /** The initializer's root (the state directory): volumes/ below it. */
  stateDir: string;
  /** Where Pilot runs (its cwd, HOME, derived mesh and log). */
  workDir: string;
  fileserverPort: number;
  /** `iss` of the initializer's tokens (its default is `higress`). */
  tokenIssuer?: string;
  ports: PilotPorts;
  controllerXdsPort?: number | undefined;
}

export interface RunningPilot {
  process: PeerProcess;
  ports: PilotPorts;
  readyUrl: string;
}

/**
 * Starts pilot-discovery as the compose service runs it (its command and pilot.env from the
 * topology, the initializer's kubeconfig, CA files and mesh), with listeners on loopback.
 */
export async function startPilot(o: PilotOptions): Promise<RunningPilot> {
  const layout = volumeLayout(o.stateDir);
  const config = {
    network: 'host' as const,
    storage: { type: 'file' as const },
    identity: { type: 'jwt' as const, issuer: o.tokenIssuer ?? 'higress' },
    hostPorts: { fileserver: o.fileserverPort },
  };
  const service = nativeService(config, 'pilot', layout.volumes);
  await mkdir(o.workDir, { recursive: true });
  const meshPath = join(o.workDir, 'mesh');
  const composeMesh = await readFile(join(layout.pilot.configDir, 'mesh'), 'utf8');
  await writeFile(
    meshPath,
    localMesh(composeMesh, { pilotSecurePort: o.ports.secureGrpc, controllerXdsPort: o.controllerXdsPort }),
  );
  const p = o.ports;
  const args = [
    ...service.args.filter((a) => !a.startsWith('--monitoringAddr')),
    `--monitoringAddr=127.0.0.1:${p.monitoring}`,
    `--httpAddr=127.0.0.1:${p.http}`,
    `--grpcAddr=127.0.0.1:${p.grpc}`,
    `--secureGRPCAddr=127.0.0.1:${p.secureGrpc}`,
    `--httpsAddr=127.0.0.1:${p.webhook}`,
    `--ctrlz_port=${p.ctrlz}`,
    '--ctrlz_address=127.0.0.1',
    // The image reads these from /etc/istio/config, its defaults; a local process is told.
    `--meshConfig=${meshPath}`,
    `--networksConfig=${join(layout.pilot.configDir, 'meshNetworks')}`,
  ];
  // The image finds its plugged-in CA at ./etc/cacerts from `/`; a local process is told where.
  const env: Record<string, string> = { ...service.env, ROOT_CA_DIR: layout.pilot.cacerts };
  // Without a controller Pilot translates Ingresses itself; the Gateway it makes must live where
  // the gateway runs, since pilot.env scopes Gateways to their namespace.
  if (o.controllerXdsPort === undefined) env.K8S_INGRESS_NS = env.POD_NAMESPACE ?? 'higress-system';
  const process = new PeerProcess({
    name: 'pilot',
    binary: o.binary,
    args,
    env,
    cwd: o.workDir,
    logFile: join(o.workDir, 'pilot.log'),
  });
  return { process, ports: p, readyUrl: `http://127.0.0.1:${p.http}/ready` };
}
