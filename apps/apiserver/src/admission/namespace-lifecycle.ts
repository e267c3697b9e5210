/**
 * The NamespaceLifecycle admission plugin, after k8s.io/apiserver
 * pkg/admission/plugin/namespace/lifecycle/admission.go: a namespaced object may be created (or
 * updated) only in a namespace that exists — 404 NotFound for the namespace otherwise — and not
 * created in one being deleted (403 Forbidden, cause NamespaceTerminating); `default`,
 * `kube-system` and `kube-public` may not be deleted (403).
 *
 * A namespace exists when the namespaces resource answers a GET for it: a stored Namespace, or
 * one the store implies (a namespace holding objects, as data adopted from higress-standalone
 * does, or a built-in one; see docs/decisions/0016). The check runs as the store's admission
 * step, so it sees the object the write would store and comes before validation, as upstream's
 * mutating admission does. Reviews (virtual kinds) never reach a store and are not checked.
 */
import { forbidden, notFound, type StatusDetails, StatusError } from '@hs/apimachinery';
import type { KubeObject, Registry, ResourceDefinition } from '@hs/resources';
import { type Admit, isStorageError, type ResourceStore, type WriteOptions } from '@hs/storage';
import { groupResource } from '../http/request-context.js';

/** Namespaces that may not be deleted (the plugin's immortalNamespaces). */
const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

/** Wraps the store of one kind with the plugin; returns it unchanged when nothing applies. */
export type StoreAdmission = (def: ResourceDefinition, store: ResourceStore) => ResourceStore;

/**
 * admission.NewForbidden: `<resource> "<name>" is forbidden: <why>`, the name the object's (its
 * generateName, or Unknown) when the request has none.
 */
function forbiddenFor(
  def: ResourceDefinition,
  obj: KubeObject | undefined,
  name: string,
  why: string,
  causes?: NonNullable<StatusDetails['causes']>,
): StatusError {
  const target = name || obj?.metadata.name || obj?.metadata.generateName || 'Unknown';
  const gr = groupResource(def);
  const qualified = gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
  const plain = forbidden(gr, target, `${qualified} "${target}" is forbidden: ${why}`);
  if (!causes) return plain;
  return new StatusError(plain.code, plain.reason, plain.message, { ...plain.details, causes });
}

/**
 * The plugin over `registry`, reading namespaces through `namespaces` (the store of the kind
 * whose objects are named after namespaces, `impliedByNamespace`).
 */
export function namespaceLifecycle(
  registry: Registry,
  namespaces: (def: ResourceDefinition) => ResourceStore,
): StoreAdmission {
  const namespaceDef = registry.entries.find((def) => def.impliedByNamespace);
  if (!namespaceDef) return (_def, store) => store;
  const namespaceResource = groupResource(namespaceDef);

  /** The namespace a write goes to, or a 404 for it. */
  const lookUp = async (namespace: string): Promise<KubeObject> => {
    try {
      return await namespaces(namespaceDef).get(undefined, namespace, { shared: true });
    } catch (err) {
      if (isStorageError(err, 'KeyNotFound')) throw notFound(namespaceResource, namespace);
      throw err;
    }
  };

  const admitContent =
    (def: ResourceDefinition, name: string): Admit =>
    async (next, current) => {
      const namespace = next.metadata.namespace;
      // An update of a stored object: its namespace holds it, so it exists (decision 0016); only a
      // create (or a create-on-update) looks the namespace up.
      if (!namespace || current !== undefined) return;
      const found = await lookUp(namespace);
      if ((found.status as { phase?: unknown } | undefined)?.phase === 'Terminating') {
        throw forbiddenFor(
          def,
          next,
          name,
          `unable to create new content in namespace ${namespace} because it is being terminated`,
          [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        );
      }
    };

  const withAdmit = <T extends WriteOptions>(options: T | undefined, admit: Admit): T => ({
    ...(options as T),
    admit: async (next, current) => {
      await admit(next, current);
      await options?.admit?.(next, current);
    },
  });

  return (def, store) => {
    if (def === namespaceDef) {
      return {
        ...bound(store),
        delete: (namespace, name, options) => {
          if (IMMORTAL.has(name)) {
            return Promise.reject(forbiddenFor(def, undefined, name, 'this namespace may not be deleted'));
          }
          return store.delete(namespace, name, options);
        },
      };
    }
    if (def.scope !== 'Namespaced' || def.virtual) return store;
    return {
      ...bound(store),
      create: (obj, options) => store.create(obj, withAdmit(options, admitContent(def, ''))),
      update: (namespace, name, tryUpdate, options) =>
        store.update(namespace, name, tryUpdate, withAdmit(options, admitContent(def, name))),
    };
  };
}

/** The store's methods, callable detached from it. */
function bound(store: ResourceStore): ResourceStore {
  return {
    definition: store.definition,
    get: (namespace, name, options) => store.get(namespace, name, options),
    list: (options) => store.list(options),
    watch: (options) => store.watch(options),
    create: (obj, options) => store.create(obj, options),
    update: (namespace, name, tryUpdate, options) => store.update(namespace, name, tryUpdate, options),
    delete: (namespace, name, options) => store.delete(namespace, name, options),
  };
}
