/**
 * The two servers compared: our apiserver in-process (memory storage, HTTPS, client certificates,
 * anonymous for health as upstream's default, RBAC — as the real binary runs) and kube-apiserver
 * on etcd. Both trust one CA and accept one admin client certificate (system:masters).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@hs/apiserver';
import { type OraclePki, type RunningKubeApiserver, startKubeApiserver } from '@hs/peers';
import { registry } from '@hs/resources';
import { createMemoryDriver, createStorage } from '@hs/storage';
import { registryCrds } from './crds.js';

export type SideName = 'ours' | 'kube';

export interface Side {
  readonly name: SideName;
  readonly url: string;
  readonly pki: OraclePki;
  /** An admin kubeconfig for kubectl and client-node. */
  readonly kubeconfig: string;
  /** Compacts the storage's history up to its current revision (kube-apiserver's etcd). */
  compact?(): Promise<void>;
}

export interface Targets {
  ours: Side;
  kube: Side;
  stop(): Promise<void>;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function kubeconfigFor(url: string, pki: OraclePki, namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: c\n  cluster: { server: "${url}", certificate-authority-data: "${b64(pki.caPem)}" }`,
    'users:',
    `- name: admin\n  user: { client-certificate-data: "${b64(pki.adminCertPem)}", client-key-data: "${b64(pki.adminKeyPem)}" }`,
    'contexts:',
    `- name: c\n  context: { cluster: c, user: admin, namespace: ${namespace} }`,
    'current-context: c',
    '',
  ].join('\n');
}

/**
 * Events each kind's watch history keeps on our side. Smaller than our default (10,000) so that
 * the watch scenario can make a resourceVersion too old with a burst of writes, as kube-apiserver's
 * watch cache (which begins at its start-up list) makes any early resourceVersion too old.
 */
export const OUR_HISTORY_LIMIT = 100;

/** Our apiserver as the real binary runs it, in-process on memory storage. */
export async function startOurs(
  pki: OraclePki,
  dir: string,
  name: SideName = 'ours',
): Promise<Side & { stop(): Promise<void> }> {
  const storage = await createStorage({
    driver: createMemoryDriver({ historyLimit: OUR_HISTORY_LIMIT }),
    registry,
    historyLimit: OUR_HISTORY_LIMIT,
  });
  const server = await startServer({
    storage,
    port: 0,
    host: '127.0.0.1',
    tls: { cert: pki.servingCertPem, key: pki.servingKeyPem, ca: pki.caPem, http2: true },
    security: {
      authentication: { clientCertificates: true, anonymous: { enabled: true } },
      authorizationMode: 'RBAC',
      limits: false,
    },
  });
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  await writeFile(kubeconfig, kubeconfigFor(server.url, pki));
  const stop = async () => {
    await server.close();
    await storage.close();
  };
  return { name, url: server.url, pki, kubeconfig, stop };
}

/** etcd's v3 JSON gateway: the current revision, then a compaction up to it. */
async function compactEtcd(endpoint: string): Promise<void> {
  const range = await fetch(`${endpoint}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from('/').toString('base64') }),
  });
  const revision = ((await range.json()) as { header?: { revision?: string } }).header?.revision;
  if (!revision) throw new Error('etcd answered no revision');
  const res = await fetch(`${endpoint}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision, physical: true }),
  });
  if (!res.ok) throw new Error(`etcd compaction: ${res.status} ${await res.text()}`);
}

export async function startTargets(): Promise<Targets> {
  let oracle: RunningKubeApiserver | undefined;
  const dir = await mkdtemp(join(tmpdir(), 'hs-conformance-'));
  try {
    oracle = await startKubeApiserver({ crds: registryCrds() });
    const ours = await startOurs(oracle.pki, dir);
    const running = oracle;
    return {
      ours,
      kube: {
        name: 'kube',
        url: oracle.url,
        pki: oracle.pki,
        kubeconfig: oracle.kubeconfig,
        compact: () => compactEtcd(running.etcd.endpoint),
      },
      stop: async () => {
        await ours.stop();
        await running.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await oracle?.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
