import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  caPem: string;
  user: string;
  clientCertPem: string;
  clientKeyPem: string;
  clusterName?: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * A self-contained kubeconfig: the CA is embedded (`certificate-authority-data`) so clients verify
 * the serving certificate; there is never an `insecure-skip-tls-verify` (HS precheck.sh sets it
 * because its serving certificate has no SANs). Same input → same bytes.
 */
export function renderKubeconfig(input: KubeconfigInput): string {
  const cluster = input.clusterName ?? 'higress';
  const context = `${input.user}@${cluster}`;
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: cluster, cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) } },
      ],
      users: [
        {
          name: input.user,
          user: {
            'client-certificate-data': b64(input.clientCertPem),
            'client-key-data': b64(input.clientKeyPem),
          },
        },
      ],
      contexts: [{ name: context, context: { cluster, user: input.user, namespace: 'higress-system' } }],
      'current-context': context,
      preferences: {},
    },
    { lineWidth: 0 },
  );
}
