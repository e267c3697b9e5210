import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type Child, startChild, waitFor } from './child.js';
import { freePort } from './ports.js';

export interface RunningEtcd {
  /** `http://127.0.0.1:<port>`, for `--etcd-servers`. */
  readonly endpoint: string;
  readonly child: Child;
  stop(): Promise<void>;
}

/** Why etcd cannot be started here (the `etcd` binary, Debian's etcd-server, is not on PATH), or undefined. */
export function etcdMissing(): string | undefined {
  const r = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0
    ? 'etcd is not installed (Debian: apt-get install etcd-server; .ci/system-deps.sh does it)'
    : undefined;
}

/**
 * A single-member etcd on loopback with its data in `dir`: plain HTTP, free client and peer
 * ports, etcd's own durability defaults (as a real cluster: the bench compares durable writes),
 * ready when `/health` says so.
 */
export async function startEtcd(dir: string): Promise<RunningEtcd> {
  const missing = etcdMissing();
  if (missing) throw new Error(missing);
  const [client, peer] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${client}`;
  const child = startChild(
    'etcd',
    [
      '--name=oracle',
      `--data-dir=${join(dir, 'etcd-data')}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=oracle=http://127.0.0.1:${peer}`,
      '--initial-cluster-state=new',
      '--log-level=warn',
    ],
    join(dir, 'etcd.log'),
  );
  await waitFor(
    'etcd',
    async () => {
      const res = await fetch(`${endpoint}/health`);
      return res.ok && ((await res.json()) as { health?: string }).health === 'true';
    },
    { timeoutMs: 30_000, child },
  );
  return { endpoint, child, stop: () => child.stop() };
}
