/**
 * Privilege-escalation prevention on the write path of kinds whose registry entry declares
 * `escalationCheck` (the RBAC kinds), in the manner of upstream's policy-based storages
 * (k8s.io/kubernetes pkg/registry/rbac/<kind>/policybased/storage.go): the store seen by one
 * request is wrapped so that a create checks the new object, and an update checks the object
 * the store computed from the current one (PUT, every patch type, server-side apply, create-on-update),
 * before anything is written. An update that changes only finalizers and owner references (what
 * the garbage collector touches) or nothing at all is not checked, as upstream's
 * IsOnlyMutatingGCFields. The checks themselves live in @hs/security.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { checkBindingWrite, checkRoleWrite, type EscalationRequest, type UserInfo } from '@hs/security';
import type { Admit, ResourceStore, WriteOptions } from '@hs/storage';
import type { RequestParams, StoreGuard } from '../resources/route-context.js';
import type { ServerSecurity } from './security-options.js';

type Check = (next: KubeObject, old: KubeObject | undefined) => Promise<void>;

function onlyGcFieldsChanged(next: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const {
      finalizers: _f,
      ownerReferences: _o,
      resourceVersion: _rv,
      managedFields: _m,
      ...meta
    } = o.metadata;
    return { ...o, metadata: meta };
  };
  return isDeepStrictEqual(strip(next), strip(old));
}

/**
 * The check runs as the store's admission step (the createValidation/updateValidation of
 * k8s.io/apiserver pkg/registry/generic/registry/store.go): on the object the write would store,
 * shaped by the store, against the current one.
 */
function guarded(store: ResourceStore, check: Check): ResourceStore {
  const withCheck = <T extends WriteOptions>(options: T | undefined): T => {
    const admit: Admit = async (next, current) => {
      await options?.admit?.(next, current);
      if (!current || !onlyGcFieldsChanged(next, current)) await check(next, current);
    };
    return { ...(options as T), admit };
  };
  return {
    definition: store.definition,
    get: (namespace, name, options) => store.get(namespace, name, options),
    list: (options) => store.list(options),
    watch: (options) => store.watch(options),
    delete: (namespace, name, options) => store.delete(namespace, name, options),
    create: (obj, options) => store.create(obj, withCheck(options)),
    update: (namespace, name, tryUpdate, options) =>
      store.update(namespace, name, tryUpdate, withCheck(options)),
  };
}

/** The guard for each kind that declares `escalationCheck`; undefined for every other kind. */
export function escalationGuardFor(security: ServerSecurity) {
  const resolver = security.ruleResolver;
  return (def: ResourceDefinition): StoreGuard | undefined => {
    const kind = def.escalationCheck;
    if (!kind || !resolver) return undefined;
    return (store, req) => {
      const params = req.params as RequestParams;
      const request = (obj: KubeObject): EscalationRequest => ({
        authorizer: security.authorizer,
        resolver,
        user: req.user as UserInfo,
        apiGroup: def.group,
        resource: def.plural,
        namespace: def.scope === 'Namespaced' ? (params.namespace ?? '') : '',
        name: params.name ?? obj.metadata.name ?? '',
      });
      return guarded(store, (next, old) =>
        kind === 'grantedRules'
          ? checkRoleWrite(request(next), next, old)
          : checkBindingWrite(request(next), next),
      );
    };
  };
}
