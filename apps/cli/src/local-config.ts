/**
 * `dev --local -c FILE`: the embedded stack honours what of a stack config it can — the API
 * server's and the file server's host ports, file storage — and rejects the file when it sets
 * anything else (images, network, Nacos storage, ...), naming those keys: a setting is never
 * silently ignored. Ports given as flags win over the file.
 */
import { parseStackConfig } from '@hs/topology';
import { readStackConfigInput } from './stack-config-file.js';

export interface LocalPorts {
  apiserverPort: number;
  fileserverPort: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dotted paths of the keys the file sets that the embedded stack cannot honour. */
function unsupported(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === 'hostPorts' && isRecord(value)) {
      for (const port of Object.keys(value)) {
        if (port !== 'apiserver' && port !== 'fileserver') out.push(`hostPorts.${port}`);
      }
    } else if (key === 'storage' && isRecord(value) && value.type === 'file') {
      // The embedded stack stores in files: honoured as is.
    } else {
      out.push(key === 'storage' ? `storage.type (${String(isRecord(value) ? value.type : value)})` : key);
    }
  }
  return out;
}

export async function localPorts(
  file: string,
  flags: LocalPorts,
  fromFlags: { apiserverPort: boolean; fileserverPort: boolean },
): Promise<LocalPorts> {
  const input = await readStackConfigInput(file);
  const config = parseStackConfig(input); // the file must be valid as a stack config, too
  const rest = unsupported(input);
  if (rest.length > 0) {
    throw new Error(
      `dev --local cannot honour ${rest.join(', ')} of ${file}: the embedded stack runs the API server on file storage and the file server, and takes only hostPorts.apiserver and hostPorts.fileserver from a stack config. Use \`dev --docker -c ${file}\` for the rest, or remove those keys.`,
    );
  }
  const hostPorts = isRecord(input.hostPorts) ? input.hostPorts : {};
  return {
    apiserverPort:
      fromFlags.apiserverPort || hostPorts.apiserver === undefined
        ? flags.apiserverPort
        : config.hostPorts.apiserver,
    fileserverPort:
      fromFlags.fileserverPort || hostPorts.fileserver === undefined
        ? flags.fileserverPort
        : config.hostPorts.fileserver,
  };
}
