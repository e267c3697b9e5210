/**
 * A Nacos cluster on loopback: `size` real Nacos nodes in cluster mode (conf/cluster.conf naming
 * every member, embedded storage replicated by JRaft), each with its own ports and data directory,
 * sharing the auth secrets as the official cluster guide requires (the token secret and the server
 * identity must be equal on every member). A member can be killed (SIGKILL) and restarted on its
 * data directory, as an operator's node crash and restart.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RealNacos, type RealNacosOptions, startRealNacos } from './launch.js';
import { derivedPorts, type NacosPorts, pickPorts } from './ports.js';

export interface RealNacosClusterOptions extends Pick<RealNacosOptions, 'distribution' | 'cacheDir' | 'log'> {
  /** Members (default 3). */
  size?: number;
  /** Start-up deadline of each member (default 10 min: three JVMs share two cores). */
  startTimeoutMs?: number;
}

export interface RealNacosMember {
  readonly index: number;
  readonly url: string;
  /** The running JVM, undefined while the member is down. */
  readonly node: RealNacos | undefined;
  /** SIGKILL, keeping the data directory. */
  kill(): Promise<void>;
  /** Starts the member again on its data directory and ports; resolves once it answers logins. */
  restart(): Promise<void>;
}

export interface RealNacosCluster {
  members: RealNacosMember[];
  username: string;
  password: string;
  version: string;
  /** Stops every member and removes the data directories. */
  stop(): Promise<void>;
}

/** Whole-cluster attempts: a member that lost a port to another process needs fresh ports for all. */
const CLUSTER_ATTEMPTS = 2;
const inUse = (message: string) => /BindException|Address already in use|already in use/i.test(message);
/** Starts of one member within an attempt (a JVM that exits during start-up is started again). */
const MEMBER_ATTEMPTS = 2;

export async function startRealNacosCluster(
  options: RealNacosClusterOptions = {},
): Promise<RealNacosCluster> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= CLUSTER_ATTEMPTS; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.push(`attempt ${attempt}: ${message}`);
      const lines = message.split('\n');
      options.log?.(`cluster start attempt ${attempt} failed: ${lines[0]} ${lines[lines.length - 1]}`);
    }
  }
  throw new Error(`the Nacos cluster did not start:\n${failures.join('\n')}`);
}

/** Copies each member's output where it outlives the cluster's directory; returns that place. */
async function keepLogs(root: string, size: number): Promise<string> {
  const kept = await mkdtemp(join(tmpdir(), 'nacos-cluster-failed-'));
  for (let i = 0; i < size; i++)
    await copyFile(join(root, `node-${i}`, 'nacos.out'), join(kept, `node-${i}.out`)).catch(() => {});
  return kept;
}

async function startOnce(options: RealNacosClusterOptions): Promise<RealNacosCluster> {
  const size = options.size ?? 3;
  const root = await mkdtemp(join(tmpdir(), 'nacos-cluster-'));
  const ports: NacosPorts[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < size; i++) {
    const p = await pickPorts(taken);
    ports.push(p);
    for (const port of [...derivedPorts(p.main), p.console]) taken.add(port);
  }
  const password = randomBytes(9).toString('base64url');
  const shared = {
    'nacos.core.auth.server.identity.key': `id-${randomBytes(6).toString('hex')}`,
    'nacos.core.auth.server.identity.value': randomBytes(12).toString('hex'),
    'nacos.core.auth.plugin.nacos.token.secret.key': randomBytes(32).toString('base64'),
    'nacos.core.member.lookup.type': 'file',
    // Nacos 3's namespace-compatibility check at start-up (ConfigMigrateService
    // namespaceMigratePreCheck) reads the embedded database, which in cluster mode needs the Raft
    // group formed; it gives up after 3 one-second retries (nacos.namespace.migrate.retry.times)
    // and the JVM exits. Three JVMs booting on two cores take longer than that to elect.
    'nacos.namespace.migrate.retry.times': '180',
  };
  const nodeOptions = (index: number, createAdmin: boolean): RealNacosOptions => ({
    ...(options.distribution === undefined ? {} : { distribution: options.distribution }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    log: (line) => options.log?.(`[node ${index}] ${line}`),
    home: join(root, `node-${index}`),
    password,
    ports: ports[index]!,
    members: ports,
    properties: shared,
    createAdmin,
    startTimeoutMs: options.startTimeoutMs ?? 600_000,
  });
  const nodes: (RealNacos | undefined)[] = new Array(size).fill(undefined);
  // A member whose JVM exits during start-up (not one that stays up but never gets ready) starts
  // again on a clean data directory; its ports are in every member's cluster.conf, so they stay.
  const startMember = async (index: number): Promise<RealNacos> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await startRealNacos(nodeOptions(index, index === 0));
      } catch (err) {
        const exited = err instanceof Error && err.message.startsWith('Nacos exited');
        if (!exited || attempt >= MEMBER_ATTEMPTS || inUse(err.message)) throw err;
        options.log?.(`[node ${index}] exited during start-up; starting it again`);
        const home = join(root, `node-${index}`);
        await rename(join(home, 'nacos.out'), join(root, `node-${index}-attempt-${attempt}.out`));
        await rm(home, { recursive: true, force: true });
      }
    }
  };
  const stopAll = async () => {
    await Promise.allSettled(nodes.map((n) => n?.stop()));
    await rm(root, { recursive: true, force: true });
  };
  try {
    // Every member boots at once (a Raft group needs a quorum before any of them serves writes);
    // the admin password is set through the first only, the others wait until logins succeed.
    await Promise.all(
      ports.map(async (_, index) => {
        nodes[index] = await startMember(index);
      }),
    );
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n?.stop()));
    const kept = await keepLogs(root, size);
    await rm(root, { recursive: true, force: true });
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}\n(every member's output is kept in ${kept})`);
  }
  const members: RealNacosMember[] = ports.map((p, index) => ({
    index,
    url: `http://127.0.0.1:${p.main}/nacos`,
    get node() {
      return nodes[index];
    },
    async kill() {
      await nodes[index]?.kill();
      nodes[index] = undefined;
    },
    async restart() {
      if (nodes[index]) return;
      nodes[index] = await startRealNacos(nodeOptions(index, false));
    },
  }));
  return { members, username: 'nacos', password, version: nodes[0]!.version, stop: stopAll };
}
