/** A command's source or target: a storage spec (`--from`/`--to`) or a running API server (`--kubeconfig`). */
import { backedUpKinds, type ObjectEndpoint, type Snapshot, takeSnapshot } from '@hs/backup';
import { registry } from '@hs/resources';
import { apiserverEndpoint } from './apiserver-endpoint.js';
import { type KeyFiles, openStorage, parseStorageSpec } from './storage-spec.js';

export interface EndpointChoice {
  storage?: string | undefined;
  kubeconfig?: string | undefined;
  keys: KeyFiles;
  cwd: string;
}

export async function endpointFor(o: EndpointChoice, command: 'backup' | 'restore'): Promise<ObjectEndpoint> {
  const flag = command === 'backup' ? '--from' : '--to';
  if (o.storage && o.kubeconfig)
    throw new Error(`${command}: give ${flag} <storage> or --kubeconfig <file>, not both`);
  if (o.kubeconfig) return apiserverEndpoint(o.kubeconfig);
  if (!o.storage)
    throw new Error(
      `${command}: give ${flag} <storage> (e.g. file:<dir>) or --kubeconfig <file> of a running stack`,
    );
  return openStorage(parseStorageSpec(o.storage, o.keys, o.cwd));
}

/** Every object of every kind a backup holds, then closes the endpoint. */
export async function readEverything(source: ObjectEndpoint): Promise<Snapshot> {
  try {
    return await takeSnapshot(source, backedUpKinds(registry.entries));
  } finally {
    await source.close();
  }
}
