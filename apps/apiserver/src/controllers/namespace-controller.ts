/**
 * The namespace controller (kube-controller-manager's, run inside this server since nothing else
 * would), after k8s.io/kubernetes pkg/controller/namespace/deletion/namespaced_resources_deleter.go:
 * for every namespace with a deletionTimestamp it makes sure the phase is Terminating, deletes the
 * content of every namespaced kind of the registry, records the result as status conditions and,
 * once nothing is left, removes the `kubernetes` finalizer, upon which the store deletes the
 * namespace. Content held by finalizers is looked at again after `retryMs`.
 *
 * Generic over content: no kind is named; the namespace kind is the registry entry whose objects
 * are named after namespaces (`impliedByNamespace`). Writes go to the store directly: the server
 * itself makes them, as upstream's controller does with its own privileged client.
 */
import {
  KUBERNETES_FINALIZER,
  type KubeObject,
  type Registry,
  type ResourceDefinition,
  specFinalizers,
} from '@hs/resources';
import { isStorageError, type Storage } from '@hs/storage';
import { type ContentTotals, updateConditions } from './namespace-conditions.js';

export interface NamespaceControllerOptions {
  registry: Registry;
  storage: Storage;
  /** When content with finalizers remains, look again after this long (upstream's estimate: 15 s). */
  retryMs?: number | undefined;
  /** Where failures go (they are retried); default: nowhere. */
  onError?: ((err: unknown) => void) | undefined;
  now?: (() => Date) | undefined;
}

export interface NamespaceController {
  stop(): void;
}

const DEFAULT_RETRY_MS = 15_000;

const phaseOf = (ns: KubeObject) => (ns.status as { phase?: unknown } | undefined)?.phase;
/** RFC 3339 without fractional seconds, as metav1.Time marshals. */
const formatTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const resourceName = (def: ResourceDefinition) => `${def.plural}.${def.group}`;

export function startNamespaceController(options: NamespaceControllerOptions): NamespaceController {
  const { registry, storage } = options;
  const namespaceDef = registry.entries.find((def) => def.impliedByNamespace);
  const abort = new AbortController();
  if (!namespaceDef) return { stop: () => abort.abort() };
  const namespaces = storage.for(namespaceDef);
  const contentKinds = registry.entries.filter(
    (def) => def.scope === 'Namespaced' && !def.virtual && def.verbs.includes('delete'),
  );
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? (() => {});
  const running = new Map<string, boolean>(); // name -> queued again while running
  const timers = new Set<NodeJS.Timeout>();

  const enqueue = (name: string) => {
    if (abort.signal.aborted) return;
    if (running.has(name)) {
      running.set(name, true);
      return;
    }
    running.set(name, false);
    void (async () => {
      for (;;) {
        let again = false;
        try {
          again = !(await sync(name));
        } catch (err) {
          if (!abort.signal.aborted) onError(err);
          again = true;
        }
        if (abort.signal.aborted) break;
        if (!running.get(name)) {
          running.delete(name);
          if (again) later(name);
          return;
        }
        running.set(name, false);
      }
      running.delete(name);
    })();
  };

  const later = (name: string) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      enqueue(name);
    }, retryMs);
    timer.unref();
    timers.add(timer);
  };

  /** One pass (namespacedResourcesDeleter.Delete); false when content remains. */
  const sync = async (name: string): Promise<boolean> => {
    let ns: KubeObject;
    try {
      ns = await namespaces.get(undefined, name);
    } catch (err) {
      if (isStorageError(err, 'KeyNotFound')) return true;
      throw err;
    }
    if (ns.metadata.deletionTimestamp === undefined) return true;
    if (phaseOf(ns) !== 'Terminating')
      ns = await updateStatus(name, (s) => {
        s.phase = 'Terminating';
      });
    if (!specFinalizers(ns).includes(KUBERNETES_FINALIZER)) return true;
    const totals = await deleteContent(name);
    const at = formatTime(now());
    ns = await writeNamespace(name, (current) =>
      updateConditions(current, totals, at) ? current : undefined,
    );
    if (totals.remaining.size > 0 || totals.errors.length > 0) return false;
    await writeNamespace(name, (current) => {
      const left = specFinalizers(current).filter((f) => f !== KUBERNETES_FINALIZER);
      current.spec = { ...(current.spec as object | undefined), finalizers: [...new Set(left)].sort() };
      return current;
    });
    return true;
  };

  /** Updates the namespace with `change` (undefined: nothing to write); gone is not an error. */
  const writeNamespace = async (
    name: string,
    change: (current: KubeObject) => KubeObject | undefined,
  ): Promise<KubeObject> => {
    let unchanged: KubeObject | undefined;
    try {
      const { object } = await namespaces.update(undefined, name, (current) => {
        if (!current) throw new Error('namespace vanished');
        const next = change(current);
        unchanged = next ? undefined : current;
        return next ?? current;
      });
      return unchanged ?? object;
    } catch (err) {
      if (isStorageError(err, 'KeyNotFound')) return unchanged ?? ({ metadata: { name } } as KubeObject);
      throw err;
    }
  };

  const updateStatus = (name: string, edit: (status: Record<string, unknown>) => void) =>
    writeNamespace(name, (current) => {
      const status = { ...((current.status as Record<string, unknown> | undefined) ?? {}) };
      edit(status);
      current.status = status;
      return current;
    });

  /** deleteAllContent: every object of every namespaced kind, then what is left. */
  const deleteContent = async (namespace: string): Promise<ContentTotals> => {
    const totals: ContentTotals = { remaining: new Map(), finalizers: new Map(), errors: [] };
    for (const def of contentKinds) {
      const store = storage.for(def);
      try {
        const { items } = await store.list({ namespace });
        for (const item of items) {
          try {
            await store.delete(namespace, item.metadata.name ?? '');
          } catch (err) {
            if (!isStorageError(err, 'KeyNotFound')) throw err;
          }
        }
        const left = (await store.list({ namespace })).items;
        if (left.length === 0) continue;
        totals.remaining.set(resourceName(def), left.length);
        let held = false;
        for (const item of left) {
          for (const finalizer of item.metadata.finalizers ?? []) {
            held = true;
            totals.finalizers.set(finalizer, (totals.finalizers.get(finalizer) ?? 0) + 1);
          }
        }
        if (!held) {
          totals.errors.push(
            `unexpected items still remain in namespace: ${namespace} for gvr: ${def.group}/${def.storageVersion}, Resource=${def.plural}`,
          );
        }
      } catch (err) {
        totals.errors.push(err instanceof Error ? err.message : String(err));
      }
    }
    return totals;
  };

  /** Follows the namespaces; each one being deleted is synced (again after a restart, too). */
  const follow = async () => {
    while (!abort.signal.aborted) {
      try {
        const watcher = await namespaces.watch({ signal: abort.signal });
        for await (const event of watcher) {
          const name = event.object.metadata?.name;
          if (name && event.type !== 'DELETED' && event.object.metadata.deletionTimestamp) enqueue(name);
        }
        if (watcher.endReason === 'closed') return;
      } catch (err) {
        if (abort.signal.aborted) return;
        onError(err);
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
      }
    }
  };
  void follow();

  return {
    stop() {
      abort.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
