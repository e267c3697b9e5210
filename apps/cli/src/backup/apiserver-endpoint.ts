/**
 * An ObjectEndpoint over a running API server, authenticated by a kubeconfig (the admin one the
 * initializer writes). Plain HTTPS requests rather than a typed client: a backup must carry every
 * field as served, which typed models would drop or convert.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { type ObjectEndpoint, sameJson } from '@hs/backup';
import { apiPath, groupVersion, type KubeObject, type ResourceDefinition } from '@hs/resources';
import { KubeConfig } from '@kubernetes/client-node';

export class ApiserverError extends Error {
  override readonly name = 'ApiserverError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function apiserverEndpoint(kubeconfigFile: string): Promise<ObjectEndpoint> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`the kubeconfig ${kubeconfigFile} names no current cluster`);
  const base = new URL(cluster.server);

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const options: RequestOptions = {
      method,
      hostname: base.hostname,
      port: base.port,
      path: `${base.pathname.replace(/\/$/, '')}${path}`,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    };
    await kc.applyToHTTPSOptions(options);
    const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
    const text = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = send(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
    const parsed = text.text ? (JSON.parse(text.text) as unknown) : undefined;
    if (text.status >= 300) {
      const message = (parsed as { message?: string } | undefined)?.message ?? text.text;
      throw new ApiserverError(text.status, `${method} ${path}: ${text.status} ${message}`);
    }
    return parsed;
  };

  const apiVersion = (def: ResourceDefinition) => groupVersion(def.group, def.storageVersion);
  const prefix = (def: ResourceDefinition) => apiPath(def.group, def.storageVersion);
  const collection = (def: ResourceDefinition, namespace: string | undefined) =>
    def.scope === 'Namespaced' && namespace
      ? `${prefix(def)}/namespaces/${encodeURIComponent(namespace)}/${def.plural}`
      : `${prefix(def)}/${def.plural}`;
  const itemPath = (def: ResourceDefinition, obj: KubeObject) =>
    `${collection(def, obj.metadata.namespace)}/${encodeURIComponent(obj.metadata.name ?? '')}`;
  /** Kinds with a status subresource ignore `status` on create and update: it is written through `/status`. */
  const withStatus = async (def: ResourceDefinition, wanted: KubeObject, written: KubeObject) => {
    if (!def.subresources.status || wanted.status === undefined || sameJson(wanted.status, written.status))
      return written;
    return (await call('PUT', `${itemPath(def, written)}/status`, {
      ...written,
      status: wanted.status,
    })) as KubeObject;
  };
  const dry = (dryRun: boolean) => (dryRun ? '?dryRun=All' : '');

  return {
    description: `apiserver:${cluster.server}`,
    async list(def) {
      const items: KubeObject[] = [];
      let token = '';
      do {
        const page = (await call(
          'GET',
          `${collection(def, undefined)}?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
        )) as { items?: KubeObject[]; metadata?: { continue?: string } };
        // List items carry no apiVersion/kind on the wire.
        for (const item of page.items ?? [])
          items.push({ ...item, apiVersion: apiVersion(def), kind: def.kind });
        token = page.metadata?.continue ?? '';
      } while (token);
      return items;
    },
    async create(def, obj, dryRun) {
      const created = (await call(
        'POST',
        `${collection(def, obj.metadata.namespace)}${dry(dryRun)}`,
        obj,
      )) as KubeObject;
      return dryRun ? created : withStatus(def, obj, created);
    },
    async replace(def, obj, dryRun) {
      const replaced = (await call('PUT', `${itemPath(def, obj)}${dry(dryRun)}`, obj)) as KubeObject;
      return dryRun ? replaced : withStatus(def, obj, replaced);
    },
    close: async () => {},
  };
}
