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
import { registryCrds } from './crds.js';

export type SideName = 'ours' | 'kube';

export interface Side {
  readonly name: SideName;
  readonly url: string;
  readonly pki: OraclePki;
  /** An admin kubeconfig for kubectl and client-node. */
  readonly kubeconfig: string;
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

/** Our apiserver as the real binary runs it, in-process on memory storage. */
export async function startOurs(
  pki: OraclePki,
  dir: string,
  name: SideName = 'ours',
): Promise<Side & { stop(): Promise<void> }> {
  const server = await startServer({
    storage: { type: 'memory' },
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
  return { name, url: server.url, pki, kubeconfig, stop: () => server.close() };
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
      kube: { name: 'kube', url: oracle.url, pki: oracle.pki, kubeconfig: oracle.kubeconfig },
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
