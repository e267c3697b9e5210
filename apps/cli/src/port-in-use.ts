/**
 * Turns "address already in use" — from a local listen (EADDRINUSE) or from the Docker engine
 * ("Bind for 0.0.0.0:8443 failed: port is already allocated") — into a message that names the
 * setting that moves the port. Other errors pass through unchanged.
 */

/** Port → how to change it, e.g. `8443 → "--apiserver-port"`. */
export type PortSettings = ReadonlyMap<number, string>;

const DOCKER_BIND =
  /(?:Bind for|listen tcp\d?) \[?[\w.:]*\]?:(\d+)(?: failed)?:? .*(?:already allocated|address already in use)/;

function portInUse(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  const port = (error as { port?: unknown }).port;
  if (code === 'EADDRINUSE' && typeof port === 'number') return port;
  const match = DOCKER_BIND.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

export function explainPortInUse(error: unknown, settings: PortSettings): unknown {
  const port = portInUse(error);
  if (port === undefined) return error;
  const setting = settings.get(port);
  const how = setting ? `choose another with ${setting}` : 'stop what uses it or choose another port';
  return new Error(`port ${port} is already in use: ${how}`, { cause: error });
}

/** The stack config's host ports: `8443 → "hostPorts.apiserver in the stack config (-c FILE)"`. */
export function hostPortSettings(hostPorts: Readonly<Record<string, number | undefined>>): PortSettings {
  const out = new Map<number, string>();
  for (const [field, port] of Object.entries(hostPorts)) {
    if (port !== undefined) out.set(port, `hostPorts.${field} in the stack config (-c FILE)`);
  }
  return out;
}
