import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerBinary } from '../locate.js';
import { adminClient } from './admin-client.js';
import { type Child, startChild, waitFor } from './child.js';
import { etcdMissing, type RunningEtcd, startEtcd } from './etcd.js';
import { type OraclePki, oraclePki } from './pki.js';
import { freePort } from './ports.js';

export interface KubeApiserverOptions {
  /** CustomResourceDefinition objects to install (server-owned metadata is dropped). */
  crds?: readonly Record<string, unknown>[];
  /** Extra kube-apiserver flags (`--name=value`), after ours. */
  extraArgs?: readonly string[];
  /** Keep the temp dir (logs, data) after stop. */
  keepDir?: boolean;
}

export interface RunningKubeApiserver {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pki: OraclePki;
  /** A kubeconfig for the admin client certificate. */
  readonly kubeconfig: string;
  readonly dir: string;
  readonly etcd: RunningEtcd;
  readonly child: Child;
  /** Stops kube-apiserver, then etcd, and removes the temp dir. */
  stop(): Promise<void>;
}

/** Why the oracle cannot start here (binary not built, etcd missing), or undefined. */
export function kubeApiserverMissing(): string | undefined {
  return peerBinary('kube-apiserver').missing ?? etcdMissing();
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfigText(url: string, pki: OraclePki): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: oracle\n  cluster: { server: "${url}", certificate-authority-data: "${b64(pki.caPem)}" }`,
    'users:',
    `- name: admin\n  user: { client-certificate-data: "${b64(pki.adminCertPem)}", client-key-data: "${b64(pki.adminKeyPem)}" }`,
    'contexts:',
    '- name: oracle\n  context: { cluster: oracle, user: admin, namespace: default }',
    'current-context: oracle',
    '',
  ].join('\n');
}

/** The flags of a minimal single-node control plane on loopback (RBAC, anonymous allowed as upstream's default). */
function flags(port: number, etcd: string, dir: string, pki: OraclePki): string[] {
  return [
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--etcd-servers=${etcd}`,
    `--cert-dir=${join(dir, 'certs')}`,
    `--tls-cert-file=${pki.files.servingCert}`,
    `--tls-private-key-file=${pki.files.servingKey}`,
    `--client-ca-file=${pki.files.ca}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.files.saPublicKey}`,
    `--service-account-signing-key-file=${pki.files.saSigningKey}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    '--authorization-mode=RBAC',
    // No kube-controller-manager runs, so no ServiceAccount `default` appears in new namespaces:
    // the ServiceAccount admission plugin would then refuse every Pod.
    '--disable-admission-plugins=ServiceAccount',
    '--v=1',
  ];
}

async function installCrds(
  client: ReturnType<typeof adminClient>,
  crds: readonly Record<string, unknown>[],
): Promise<void> {
  for (const crd of crds) {
    const {
      metadata,
      status: _status,
      ...rest
    } = crd as { metadata: Record<string, unknown>; status?: unknown };
    const {
      uid: _u,
      resourceVersion: _r,
      creationTimestamp: _c,
      generation: _g,
      managedFields: _m,
      ...meta
    } = metadata;
    const res = await client.send('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      ...rest,
      metadata: meta,
    });
    if (res.status !== 201 && res.status !== 409)
      throw new Error(`installing CRD ${String(meta.name)}: ${res.status} ${res.body}`);
  }
  for (const crd of crds) {
    const name = String((crd.metadata as { name: string }).name);
    const spec = crd.spec as {
      group: string;
      versions: { name: string; served: boolean }[];
      names: { plural: string };
    };
    await waitFor(
      `CRD ${name} Established`,
      async () => {
        const res = await client.send(
          'GET',
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
        );
        const conditions =
          (JSON.parse(res.body) as { status?: { conditions?: { type: string; status: string }[] } }).status
            ?.conditions ?? [];
        return conditions.some((c) => c.type === 'Established' && c.status === 'True');
      },
      { timeoutMs: 60_000 },
    );
    // Established precedes the handler serving the resource by a moment: wait until it lists.
    for (const version of spec.versions.filter((v) => v.served)) {
      await waitFor(
        `${spec.names.plural}.${spec.group}/${version.name} served`,
        async () =>
          (await client.send('GET', `/apis/${spec.group}/${version.name}/${spec.names.plural}?limit=1`))
            .status === 200,
        { timeoutMs: 60_000 },
      );
    }
  }
}

/**
 * Starts etcd and the built kube-apiserver on 127.0.0.1 with free ports and certificates from
 * @hs/pki, installs `crds`, and resolves once `/readyz` is ok and every CRD is Established and
 * served. Throws (after stopping what it started) with the log tail when something fails.
 */
export async function startKubeApiserver(options: KubeApiserverOptions = {}): Promise<RunningKubeApiserver> {
  const binary = peerBinary('kube-apiserver');
  if (binary.path === undefined) throw new Error(binary.missing);
  const binaryPath = binary.path;
  const dir = await mkdtemp(join(tmpdir(), 'hs-oracle-'));
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    if (!options.keepDir) await rm(dir, { recursive: true, force: true });
  };
  try {
    const pki = await oraclePki(dir);
    const etcd = await startEtcd(dir);
    cleanups.push(() => etcd.stop());
    const port = await freePort();
    const url = `https://127.0.0.1:${port}`;
    const child = startChild(
      binaryPath,
      [...flags(port, etcd.endpoint, dir, pki), ...(options.extraArgs ?? [])],
      join(dir, 'kube-apiserver.log'),
    );
    cleanups.push(() => child.stop());
    const client = adminClient(url, { ca: pki.caPem, cert: pki.adminCertPem, key: pki.adminKeyPem });
    cleanups.push(async () => client.close());
    await waitFor('kube-apiserver /readyz', async () => (await client.send('GET', '/readyz')).body === 'ok', {
      timeoutMs: 120_000,
      child,
    });
    await installCrds(client, options.crds ?? []);
    const kubeconfig = join(dir, 'admin.kubeconfig');
    await writeFile(kubeconfig, kubeconfigText(url, pki), { mode: 0o600 });
    return { url, pki, kubeconfig, dir, etcd, child, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
