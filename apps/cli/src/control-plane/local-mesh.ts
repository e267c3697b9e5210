import { parse, stringify } from 'yaml';

export interface LocalMeshOptions {
  /** Pilot's TLS xDS port: the gateway's `discoveryAddress`. */
  pilotSecurePort: number;
  /** The Higress controller's MCP port, or undefined when no controller runs. */
  controllerXdsPort?: number | undefined;
}

interface Mesh {
  configSources?: { address?: string }[];
  defaultConfig?: { discoveryAddress?: string };
  ingressControllerMode?: string;
  [key: string]: unknown;
}

/**
 * The mesh config a locally run Pilot reads, derived from the one the seed rendered for compose
 * (pilot/config/mesh): compose resolves `controller` and `pilot` to loopback through extra_hosts,
 * a local process cannot, so those addresses become 127.0.0.1 with the local ports. Without a
 * controller there is nobody to serve `xds://` config or translate Ingresses, so the xds source is
 * dropped and Pilot's own Ingress controller is turned on (`ingressControllerMode: DEFAULT`).
 */
export function localMesh(composeMesh: string, options: LocalMeshOptions): string {
  const mesh = (parse(composeMesh) ?? {}) as Mesh;
  mesh.defaultConfig = { ...mesh.defaultConfig, discoveryAddress: `127.0.0.1:${options.pilotSecurePort}` };
  const sources = mesh.configSources ?? [];
  if (options.controllerXdsPort === undefined) {
    mesh.configSources = sources.filter((s) => !s.address?.startsWith('xds://'));
    mesh.ingressControllerMode = 'DEFAULT';
  } else {
    mesh.configSources = sources.map((s) =>
      s.address?.startsWith('xds://') ? { ...s, address: `xds://127.0.0.1:${options.controllerXdsPort}` } : s,
    );
  }
  return stringify(mesh);
}
