export { crdName, customResourceDefinitionFor, deterministicUid } from './crd.js';
export { apiPath, groupVersion, groupVersionKind, parseApiVersion } from './group-version.js';
export {
  ageColumn,
  CREATION_TIMESTAMP_DESCRIPTION,
  NAME_DESCRIPTION,
  nameColumn,
} from './kinds/columns.js';
export { CREATE_ONLY_VERBS, METADATA_MERGE_KEYS, READ_ONLY_VERBS, STORED_VERBS } from './kinds/common.js';
export { type ListShape, listShape } from './list-shape.js';
export { nameProblems } from './names.js';
export {
  OBJECT_META_SCHEMA_NAME,
  type OpenApiSchema,
  objectMetaOpenApiSchema,
  openApiSchemaFor,
  openApiSchemaName,
  structuralSchemaFor,
} from './openapi.js';
export {
  createRegistry,
  customDefinitions,
  registry,
  resourceDefinitions,
} from './registry.js';
export {
  type MutatingWebhookConfiguration,
  mutatingWebhookConfigurationSchema,
  type ValidatingWebhookConfiguration,
  validatingWebhookConfigurationSchema,
} from './schemas/admissionregistration.js';
export { type CustomResourceDefinition, customResourceDefinitionSchema } from './schemas/apiextensions.js';
export { type Lease, leaseSchema } from './schemas/coordination.js';
export {
  type ConfigMap,
  configMapSchema,
  type Endpoints,
  type Event,
  endpointsSchema,
  eventSchema,
  type Namespace,
  type Node,
  namespaceSchema,
  nodeSchema,
  type Secret,
  type Service,
  type ServiceAccount,
  secretSchema,
  serviceAccountSchema,
  serviceSchema,
} from './schemas/core.js';
export { type EndpointSlice, endpointSliceSchema } from './schemas/discovery.js';
export {
  type Gateway,
  type GatewayClass,
  gatewayClassSchema,
  gatewaySchema,
  type HTTPRoute,
  httpRouteSchema,
  type ReferenceGrant,
  referenceGrantSchema,
} from './schemas/gateway-api.js';
export {
  type Http2Rpc,
  http2RpcSchema,
  type McpBridge,
  mcpBridgeSchema,
  type WasmPlugin,
  wasmPluginSchema,
} from './schemas/higress.js';
export { type EnvoyFilter, envoyFilterSchema } from './schemas/istio.js';
export { listMetaSchema, objectMetaSchema, ownerReferenceSchema } from './schemas/meta.js';
export {
  type Ingress,
  type IngressClass,
  ingressClassSchema,
  ingressSchema,
} from './schemas/networking.js';
export { type Pod, podSchema } from './schemas/pod.js';
export {
  type ClusterRole,
  clusterRoleBindingSchema,
  clusterRoleSchema,
  type Role,
  type RoleBinding,
  roleBindingSchema,
  roleSchema,
} from './schemas/rbac.js';
export {
  type SelfSubjectAccessReview,
  type SubjectAccessReview,
  selfSubjectAccessReviewSchema,
  subjectAccessReviewSchema,
  type TokenReview,
  tokenReviewSchema,
} from './schemas/reviews.js';
export { KUBERNETES_FINALIZER, NAME_LABEL, specFinalizers } from './strategies/namespace.js';
export type {
  ApiGroupInfo,
  CellContext,
  FieldCause,
  FieldSelectorSpec,
  KubeObject,
  ListMergeKey,
  ManagedFieldsEntry,
  ObjectMeta,
  OwnerReference,
  PrinterColumn,
  Registry,
  ResourceDefinition,
  ResourceStrategy,
  Scope,
  Verb,
} from './types.js';
export { findUnknownFields, pruneUnknownFields, validateObject, withoutNulls } from './validate.js';
export { compareKubeVersions } from './versions.js';
