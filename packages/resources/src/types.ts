/**
 * The shape of one registry entry. Every component derives what it needs about a kind (routes,
 * discovery, storage keys, validation, Table output, OpenAPI, CRD objects) from these fields, so
 * shared code never branches on a kind name: an entry declares a property, shared code reads it.
 */
import type { z } from 'zod';

/** Any Kubernetes object as stored and served: apiVersion, kind, metadata and the kind's own fields. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
}

export type Scope = 'Namespaced' | 'Cluster';

/** The verbs discovery advertises; routes are generated only for the verbs an entry declares. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** A Table column, as `additionalPrinterColumns` in a CRD: a JSONPath-like path into the object. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** Simple JSONPath such as `.spec.ports[*].port` or `.metadata.labels.app`; `.metadata.creationTimestamp` with type date renders as an age. */
  jsonPath: string;
  description?: string;
  /** 0 = always shown, 1+ = only with `-o wide`. */
  priority?: number;
  format?: string;
  /**
   * The type the Table's columnDefinitions declare, when upstream's printer declares another than
   * the cell's: built-in `Age` cells are human ages declared `string`, RBAC `Created At` cells are
   * RFC 3339 strings declared `date`, ConfigMap/Secret `Data` counts are declared `string`
   * (pkg/printers/internalversion/printers.go). Absent → `type`.
   */
  declaredType?: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /**
   * For cells a path cannot express (e.g. ConfigMap DATA = number of keys). Takes precedence over
   * jsonPath. `undefined` is an empty cell (built-in kinds: the Go zero value of `type`; custom
   * kinds: null, as the CRD table convertor).
   */
  compute?: (obj: KubeObject, cell: CellContext) => string | number | boolean | undefined;
}

/** What a computed cell may need beyond the object. */
export interface CellContext {
  /** A timestamp as a human age (`5m`), `<unknown>` for none or the zero time (printers.go translateTimestampSince). */
  age(timestamp: string | undefined): string;
}

/**
 * A field selector the kind supports, beyond `metadata.name` and `metadata.namespace` which every
 * kind supports. `path` reads the value from the object (dot path; missing → empty string).
 */
export interface FieldSelectorSpec {
  field: string;
  path: string;
}

/**
 * Strategic-merge-patch metadata for one list field, as the `patchStrategy`/`patchMergeKey` tags
 * of the Kubernetes Go types. `path` is the dot path of the list from the object root, with `[]`
 * for "every element of a list", e.g. `spec.template.spec.containers` or `spec.ports`.
 */
export interface ListMergeKey {
  path: string;
  mergeKey?: string;
  strategy: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  /** Server-side apply list type (`x-kubernetes-list-type`): `map` needs `mergeKey`, else `atomic`/`set`. */
  listType?: 'map' | 'set' | 'atomic';
  /**
   * `x-kubernetes-list-map-keys` when a map-list is keyed by more than its strategic merge key
   * (Service ports by port and protocol); absent → `[mergeKey]`.
   */
  listMapKeys?: readonly string[];
}

/** Resource-specific behaviour, the strategy objects of kubernetes/apiserver's generic registry. */
export interface ResourceStrategy {
  /**
   * The kind's scheme defaults: what kube-apiserver's decoder fills into every object a request
   * sends (k8s.io/kubernetes pkg/apis/<group>/<version>/defaults.go and zz_generated.defaults.go),
   * and the zero values Go's JSON encoding writes for fields without `omitempty` (Event
   * `firstTimestamp: null`, Node `status.nodeInfo`). The store runs it on the object of every API
   * write (create, update, each patch type, server-side apply, `/status`) after the status split
   * and before ownership is recorded, as upstream computes managedFields on the decoded object, so
   * the writing manager owns the defaults (server-side apply records ownership before the store
   * sees the object: there, as upstream, defaults are owned by nobody). Idempotent, in place.
   */
  applyDefaults?(obj: KubeObject): void;
  /**
   * The fields Go's JSON encoding writes although unset (no `omitempty`: null times, "" strings):
   * part of every decoded object and of the zero object a create's ownership is compared with, so
   * nobody owns them (unlike `applyDefaults`, whose fields the writing manager owns). In place.
   */
  zeroValues?(obj: KubeObject): void;
  /**
   * The mutating admission plugins kube-apiserver enables by default, for this kind (e.g.
   * TaintNodesAtCreation, DefaultTolerationSeconds, Priority in k8s.io/kubernetes
   * plugin/pkg/admission): run on the main resource of an API create (`old` undefined) or update,
   * after ownership is recorded (upstream admits after the field manager, so nobody owns what
   * admission adds) and before `prepareForCreate`/`prepareForUpdate`. In place.
   */
  mutatingAdmission?(obj: KubeObject, old: KubeObject | undefined): void;
  /**
   * Graceful deletion (upstream `CheckGracefulDelete`): the grace period in seconds a DELETE of
   * `obj` gets, given the one the request asked for. Kinds without it are deleted at once. A
   * positive period leaves the object stored with `deletionTimestamp` = now + period; 0 marks it
   * (one write watchers see) and deletes it (k8s.io/apiserver pkg/registry/rest/delete.go).
   */
  gracePeriodSeconds?(obj: KubeObject, requested: number | undefined): number;
  /** Fill defaults and normalise on create (e.g. Secret `stringData` → `data`, Namespace `status.phase`). */
  prepareForCreate?(obj: KubeObject): void;
  /** Normalise on update; `old` is the stored object. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Extra semantic validation after the schema; returns path-addressed causes (empty = valid). */
  validate?(obj: KubeObject): FieldCause[];
  /**
   * Validation of an update against the stored object (upstream `ValidateUpdate`), run after
   * `prepareForUpdate` by every write that changes an existing object: PUT, every patch type,
   * server-side apply and `/status`. Returns path-addressed causes (empty = valid).
   */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldCause[];
  /**
   * Finalizers of the kind's own that hold back deletion as `metadata.finalizers` do (upstream's
   * namespace storage: `spec.finalizers`): true while `obj` has them. A delete then marks the
   * object (`deletionTimestamp`, `prepareForDelete`) instead of removing it, and it goes away when
   * an update leaves neither kind of finalizer.
   */
  holdsDeletion?(obj: KubeObject): boolean;
  /** Changes the object when the delete that marks it arrives (Namespace `status.phase: Terminating`). */
  prepareForDelete?(obj: KubeObject): void;
}

/** One validation failure, addressed by field path (`spec.ports[0].port`), as Status `details.causes`. */
export interface FieldCause {
  field: string;
  reason:
    | 'FieldValueInvalid'
    | 'FieldValueRequired'
    | 'FieldValueNotSupported'
    | 'FieldValueDuplicate'
    | 'FieldValueTooLong'
    | 'FieldValueForbidden'
    | 'FieldValueTypeInvalid';
  message: string;
}

export interface ResourceDefinition<T extends KubeObject = KubeObject> {
  /** API group; `''` for the core group. */
  group: string;
  /** Served versions, preferred first. */
  versions: readonly string[];
  /** The version objects are stored in; all served versions share one schema here (no conversion). */
  storageVersion: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  categories: readonly string[];
  scope: Scope;
  /**
   * Rule for `metadata.name`, as the per-kind ValidateName funcs of k8s.io/kubernetes
   * pkg/apis/core/validation: most kinds use a DNS-1123 subdomain, Namespace and Service a DNS-1123
   * label, RBAC kinds a path segment.
   */
  nameFormat: 'dns1123-subdomain' | 'dns1123-label' | 'path-segment';
  verbs: readonly Verb[];
  /**
   * DELETE answers the deleted object (true) or a `Status` of `Success` naming it (absent), as
   * upstream's registry.Store.ReturnDeletedObject, which only pods, services, service accounts and
   * namespaces set (k8s.io/kubernetes pkg/registry/core/{pod,service,serviceaccount,namespace}/storage).
   */
  returnDeletedObject?: boolean;
  /**
   * zod schema of the whole object. Object schemas are strict about unknown fields only where the
   * caller asks (`fieldValidation=Strict`): they are declared with `z.object` (strip/passthrough
   * decided by the validator), so unknown fields can be found by comparing input and output.
   */
  schema: z.ZodType<T>;
  printerColumns: readonly PrinterColumn[];
  /** Field selectors beyond metadata.name / metadata.namespace. */
  fieldSelectors: readonly FieldSelectorSpec[];
  /**
   * `status`: served at `/status`; writes to the main resource keep the stored status, and a
   * create drops the status it brings unless `statusOnCreate` (Node: "Nodes allow *all* fields,
   * including status, to be set on create", k8s.io/kubernetes pkg/registry/core/node/strategy.go).
   */
  subresources: { status: boolean; statusOnCreate?: boolean };
  /** Stored encrypted by every persistent driver (Secret). */
  encryptAtRest: boolean;
  /** Strategic-merge list metadata; empty for custom resources (SMP is refused with 415 for them). */
  listMergeKeys: readonly ListMergeKey[];
  /**
   * Served as a CustomResourceDefinition: listed under apiextensions.k8s.io customresourcedefinitions,
   * strategic merge patch answered 415, as upstream does for CRDs.
   */
  custom: boolean;
  /** Not stored: create-only review kinds (SubjectAccessReview, TokenReview) answered by the server. */
  virtual: boolean;
  /**
   * PUT of a missing object creates it (201), as the upstream strategy's `AllowCreateOnUpdate()`
   * (Endpoints, Event, Lease, Service and the RBAC kinds); otherwise such a PUT is 404 NotFound.
   */
  allowCreateOnUpdate: boolean;
  /**
   * `metadata.generation` is 1 on create and bumped by every change outside metadata and status,
   * as the upstream strategy does (custom resources, CRDs, Ingress, IngressClass, EndpointSlice,
   * webhook configurations). Other kinds keep the generation a create brought, as upstream's
   * BeforeCreate does, and an update never changes it (BeforeUpdate copies the stored one).
   */
  tracksGeneration: boolean;
  /**
   * With `tracksGeneration`: a change of `metadata.labels` bumps the generation too, as
   * k8s.io/kubernetes pkg/registry/discovery/endpointslice/strategy.go PrepareForUpdate does.
   */
  labelsBumpGeneration?: boolean;
  /**
   * Writes are checked against the requester's own permissions, as upstream's policy-based RBAC
   * storages (k8s.io/kubernetes pkg/registry/rbac/<kind>/policybased): `grantedRules` — the
   * object's `rules` must already be held by the requester unless it may `escalate` the resource
   * (Role, ClusterRole); `boundRole` — the requester must hold every rule of the role `roleRef`
   * names unless it may `bind` that role (RoleBinding, ClusterRoleBinding). Absent: no such check.
   */
  escalationCheck?: 'grantedRules' | 'boundRole';
  strategy?: ResourceStrategy;
  /**
   * For a cluster-scoped kind whose objects are named after namespaces (Namespace): the object that
   * stands for a namespace holding objects while none of that name is stored, without system
   * fields (data adopted from higress-standalone, or written with the NamespaceLifecycle admission
   * plugin disabled, has objects in namespaces nobody created). The store keeps it as an ordinary entry of the kind, at the revision of the
   * write that brought the namespace into use, and stamps uid, resourceVersion and creationTimestamp.
   */
  impliedByNamespace?: (namespace: string) => KubeObject;
  /**
   * With `impliedByNamespace`: namespaces that always exist, implied while no object of their name
   * is stored even when they hold nothing (the ones kube-apiserver's system namespaces controller
   * keeps: default, kube-system, kube-public, kube-node-lease).
   */
  alwaysImplied?: readonly string[];
  /** One line shown by `kubectl explain` and put into OpenAPI. */
  description: string;
}

/** A served API group with its versions, preferred first (drives `/api`, `/apis` and routes). */
export interface ApiGroupInfo {
  group: string;
  versions: readonly string[];
  preferredVersion: string;
}

/** Look-ups over the registry entries. Implemented once in `registry.ts`. */
export interface Registry {
  readonly entries: readonly ResourceDefinition[];
  /** Served groups in a stable order: core first, then by name. */
  groups(): readonly ApiGroupInfo[];
  /** Entries served at a group-version. */
  resourcesFor(group: string, version: string): readonly ResourceDefinition[];
  /** The entry for a plural (or singular/short name) at a group-version, if served there. */
  find(group: string, version: string, plural: string): ResourceDefinition | undefined;
  /** The entry for an object's `apiVersion` + `kind`, if served. */
  forObject(apiVersion: string, kind: string): ResourceDefinition | undefined;
}
