/** The objects the bench serves: realistic ConfigMaps (labels, annotations, a little data). */
export const BENCH_MANAGER = 'bench';

export function configMap(namespace: string, name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace,
      labels: { app: 'higress-bench', tier: 'gateway', index: name },
      annotations: { 'higress.io/description': 'a configuration map used by the API server bench' },
    },
    data: {
      'mesh.yaml':
        'accessLogFile: /dev/stdout\nenableTracing: false\ndefaultConfig:\n  discoveryAddress: 127.0.0.1:15012\n',
      'feature.enabled': 'true',
    },
  };
}

/** Control messages between the bench runner and its server process (node IPC). */
export type ServerMessage =
  | { type: 'ready'; api: string; bare: string; listSize: number }
  | { type: 'profiled'; file: string };

/**
 * Creates namespaces through the API, as a user must before writing into them (the server runs the
 * NamespaceLifecycle admission as kube-apiserver does); one that exists already is fine.
 */
export async function createNamespaces(api: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const res = await fetch(`${api}/api/v1/namespaces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
    });
    if (res.status !== 201 && res.status !== 409)
      throw new Error(`creating namespace ${name} answered ${res.status}: ${await res.text()}`);
  }
}
