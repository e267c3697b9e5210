export {
  type Conflict,
  conflictError,
  fieldsMatchingLastApplied,
  goJson,
  KUBECTL_MANAGER,
  LAST_APPLIED_ANNOTATION,
  syncLastApplied,
} from './apply-conflicts.js';
export {
  escapeFieldValue,
  everythingFieldSelector,
  type FieldRequirement,
  type FieldSelector,
  objectFields,
  parseFieldSelector,
  readFieldPath,
  supportedFields,
  unescapeFieldValue,
  validateFieldSelector,
} from './field-selector.js';
export {
  compareElements,
  type FieldPath,
  FieldSet,
  fieldElement,
  keyElement,
  type PathElement,
  pathToString,
  valueElement,
} from './field-set.js';
export { type GoJsonScan, goQuote, goQuoteChar, mayRepeatKeys, scanGoJson } from './go-json.js';
export { humanAge, humanDuration } from './human-duration.js';
export { cloneJson, cloneWithoutManagedFields } from './json-clone.js';
export { applyJsonPatch, applyMergePatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
export { deepEqual, deepFreeze, isRecord } from './json-value.js';
export { evaluateJsonPath, JsonPathError, type PathStep, parseJsonPath } from './jsonpath.js';
export {
  everythingSelector,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelector,
  LabelSelectorError,
  type LabelSelectorObject,
  labelSelectorFromObject,
  newRequirement,
  nothingSelector,
  parseLabelSelector,
  parseLabelSelectorOrThrow,
  selectorFromRequirements,
} from './label-selector.js';
export {
  decodeManagedFields,
  describeManager,
  encodeManagedFields,
  type ManagerRecord,
  type Managers,
  managerId,
  timestamp,
} from './managed-fields.js';
export {
  type BodyFormat,
  checkTransformTarget,
  contentTypeFor,
  type EndpointKind,
  type MediaRange,
  type NegotiateOptions,
  negotiateOutput,
  type OutputFormat,
  type ParsedMediaType,
  type PatchType,
  parseAccept,
  parseBodyContentType,
  parseMediaType,
  parsePatchContentType,
  type Representation,
  SUPPORTED_MEDIA_TYPES,
  SUPPORTED_STREAMING_MEDIA_TYPES,
  supportedPatchTypes,
  type TransformKind,
} from './media-types.js';
export { isNoOpWrite, specChanged } from './object-equality.js';
export {
  type ListMeta,
  type PartialObjectMetadata,
  type PartialObjectMetadataList,
  toPartialObjectMetadata,
  toPartialObjectMetadataList,
} from './partial-object-metadata.js';
export { applyPatch, type NonApplyPatchType, parsePatchBody } from './patch.js';
export { compilePredicate, type Predicate, type SelectorQuery } from './predicate.js';
export { decodeMessage } from './protobuf/decode.js';
export type {
  FieldDescriptor,
  FieldType,
  MessageDescriptor,
  ProtobufKinds,
} from './protobuf/descriptor.js';
export {
  decodeKubernetesProtobuf,
  PROTOBUF_MEDIA_TYPE,
  type ProtobufEnvelope,
  readEnvelope,
} from './protobuf/envelope.js';
export { CREATE_PROTOBUF_KINDS, PROTOBUF_KINDS, REVIEW_PROTOBUF_KINDS } from './protobuf/kinds.js';
export { ProtobufDecodeError } from './protobuf/wire.js';
export {
  CONTINUE_EXPIRED_MESSAGE,
  type ContinueToken,
  encodeContinue,
  INVALID_CONTINUE_PREFIX,
  type ListOptionsInput,
  parseResourceVersion,
  readContinue,
  readResourceVersion,
  validateListOptions,
} from './resource-version.js';
export {
  type ApplyOptions,
  apply,
  BEFORE_FIRST_APPLY_MANAGER,
  parseApplyBody,
  trackUpdate,
  type UpdateOptions,
} from './server-side-apply.js';
export {
  alreadyExists,
  applyConflict,
  badRequest,
  conflict,
  expired,
  forbidden,
  type GroupResource,
  internalError,
  invalid,
  isStatusError,
  methodNotSupported,
  notAcceptable,
  notFound,
  OBJECT_MODIFIED,
  requestEntityTooLarge,
  routeUnsupportedMediaType,
  type Status,
  type StatusDetails,
  StatusError,
  type StatusReason,
  serverTimeout,
  serviceUnavailable,
  storedObjectTooLarge,
  tooLargeResourceVersion,
  tooManyPatchOperations,
  tooManyRequests,
  tooOldResourceVersion,
  unauthorized,
  unprocessable,
  unsupportedMediaType,
} from './status.js';
export { isStorageError, StorageError, type StorageErrorCode } from './storage-error.js';
export { StrategicMergePatchError, strategicMergePatch } from './strategic-merge-patch.js';
export { mergeObjects, removeItems } from './structured-value.js';
export {
  cellFor,
  columnDefinitions,
  type IncludeObject,
  parseIncludeObject,
  type Table,
  type TableCell,
  type TableColumnDefinition,
  type TableOptions,
  type TableRow,
  tableColumns,
  toTable,
} from './table.js';
export {
  type Comparison,
  compareObjects,
  itemElement,
  StructureError,
  toFieldSet,
} from './typed-fieldset.js';
export {
  childType,
  type KindSchema,
  kindSchema,
  type ListRelationship,
  type ListType,
  type MapType,
  type TypeNode,
  typeFromOpenApi,
} from './typed-schema.js';
export {
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  fieldInvalidMessage,
  formatFieldValue,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  LABEL_VALUE_MAX_LENGTH,
} from './validation.js';
export { identityTransformer, type ValueTransformer } from './value-transformer.js';
