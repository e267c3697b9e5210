import { relative } from 'node:path';
import { ApiException, CoreV1Api, KubeConfig, KubernetesObjectApi, Watch } from '@kubernetes/client-node';
import { SYSTEM_NAMESPACE } from './identities.js';
import { volumeLayout } from './layout.js';
import { renderMeshFiles } from './mesh-files.js';
import { InitError } from './pki-state.js';
import { type SeedContentOptions, seedResources } from './seed-resources.js';

export interface SeedOptions extends SeedContentOptions {
  root: string;
  /** kubeconfig path; default the admin kubeconfig under `root`. */
  kubeconfig?: string;
  /** Keep re-rendering the mesh files when higress-config changes, until `stop()`. */
  watch?: boolean;
  log?: (line: string) => void;
}

export interface SeedResult {
  created: string[];
  existing: string[];
  skipped: string[];
  rendered: string[];
  /** Present with `watch`: ends the watch. */
  stop?: () => Promise<void>;
}

const CONFIG_NAME = 'higress-config';

function describe(o: {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}) {
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.kind} ${ns}${o.metadata?.name}`;
}

function notServed(err: unknown): boolean {
  const msg = (err as Error).message ?? '';
  return (
    msg.includes('Failed to fetch resource metadata') || msg.includes('Unrecognized API version and kind')
  );
}

/**
 * The `seed` phase (after the apiserver is ready): create-if-absent of the base resources through
 * the Kubernetes API with an unmodified client (HS prepare.sh does GET 404 → POST), then render
 * the mesh files from higress-config; with `watch`, re-render on every change.
 */
export async function runSeed(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const layout = volumeLayout(options.root);
  const kc = new KubeConfig();
  const kubeconfig = options.kubeconfig ?? layout.kube.adminConfig;
  try {
    kc.loadFromFile(kubeconfig);
  } catch (err) {
    throw new InitError(`cannot load kubeconfig ${kubeconfig}: ${(err as Error).message}`);
  }
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const result: SeedResult = { created: [], existing: [], skipped: [], rendered: [] };

  for (const seed of seedResources(options)) {
    const name = describe(seed.object);
    try {
      await objects.read({
        apiVersion: seed.object.apiVersion,
        kind: seed.object.kind,
        metadata: { name: seed.object.metadata?.name, namespace: seed.object.metadata?.namespace },
      } as Parameters<typeof objects.read>[0]);
      result.existing.push(name);
      continue;
    } catch (err) {
      if (seed.optional && notServed(err)) {
        result.skipped.push(name);
        log(
          `note: skipped ${name}: the apiserver does not serve ${seed.object.apiVersion} ${seed.object.kind}`,
        );
        continue;
      }
      if (!(err instanceof ApiException && err.code === 404)) throw seedError('reading', name, err);
    }
    try {
      await objects.create(seed.object);
      result.created.push(name);
      log(`created: ${name}`);
    } catch (err) {
      if (err instanceof ApiException && err.code === 409) result.existing.push(name);
      else throw seedError('creating', name, err);
    }
  }
  log(`seed: ${result.created.length} created, ${result.existing.length} already present`);

  const core = kc.makeApiClient(CoreV1Api);
  const render = async (data: Record<string, string> | undefined) => {
    const changes = await renderMeshFiles(data, layout.pilot.configDir, layout.root);
    for (const c of changes) log(`${c.action}: ${relative(layout.root, c.path)}`);
    return changes.map((c) => c.path);
  };
  let config: Awaited<ReturnType<CoreV1Api['readNamespacedConfigMap']>>;
  try {
    config = await core.readNamespacedConfigMap({ name: CONFIG_NAME, namespace: SYSTEM_NAMESPACE });
  } catch (err) {
    throw seedError('reading', `ConfigMap ${SYSTEM_NAMESPACE}/${CONFIG_NAME}`, err);
  }
  result.rendered = await render(config.data);
  if (options.watch) result.stop = watchConfig(kc, render, log);
  return result;
}

function seedError(what: string, name: string, err: unknown): InitError {
  const detail =
    err instanceof ApiException
      ? `HTTP ${err.code}: ${typeof err.body === 'string' ? err.body : JSON.stringify(err.body)}`
      : (err as Error).message;
  return new InitError(`${what} ${name} failed: ${detail}`);
}

/**
 * Watches higress-config and re-renders on ADDED/MODIFIED. Each (re)watch starts without a
 * resourceVersion, so the server first replays the current object: a change made while the watch
 * was down is rendered on reconnect. Renders run one at a time, in event order.
 */
function watchConfig(
  kc: KubeConfig,
  render: (data: Record<string, string> | undefined) => Promise<unknown>,
  log: (line: string) => void,
): () => Promise<void> {
  const watch = new Watch(kc);
  let stopped = false;
  let controller: AbortController | undefined;
  let retry: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const path = `/api/v1/namespaces/${SYSTEM_NAMESPACE}/configmaps`;
  const start = async (): Promise<void> => {
    if (stopped) return;
    try {
      controller = await watch.watch(
        path,
        { fieldSelector: `metadata.name=${CONFIG_NAME}`, allowWatchBookmarks: true },
        (phase, obj: { data?: Record<string, string> }) => {
          if (phase !== 'ADDED' && phase !== 'MODIFIED') return;
          queue = queue.then(() => render(obj.data)).catch((err) => log(`error: ${(err as Error).message}`));
        },
        (err) => {
          if (stopped) return;
          if (err) log(`watch of ${CONFIG_NAME} ended (${(err as Error).message ?? err}); reconnecting`);
          retry = setTimeout(() => void start(), err ? 1000 : 0);
        },
      );
    } catch (err) {
      if (stopped) return;
      log(`watch of ${CONFIG_NAME} failed (${(err as Error).message}); retrying`);
      retry = setTimeout(() => void start(), 1000);
    }
  };
  void start();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    controller?.abort();
    await queue;
  };
}
