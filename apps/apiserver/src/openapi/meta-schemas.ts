/**
 * The shared meta.k8s.io/v1 schemas every group-version document references (ObjectMeta comes
 * from @hs/resources), as named and shaped in upstream's OpenAPI (k8s.io/apimachinery/pkg/apis/meta/v1/types.go), trimmed to the fields
 * kubectl validates and explains.
 */
import { OBJECT_META_SCHEMA_NAME, objectMetaOpenApiSchema } from '@hs/resources';

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const refAllOf = (name: string, description?: string) => ({
  allOf: [ref(name)],
  ...(description ? { description } : {}),
});
const str = (description: string) => ({ type: 'string', description });

export const metaSchemas: Record<string, Record<string, unknown>> = {
  [OBJECT_META_SCHEMA_NAME]: objectMetaOpenApiSchema(),
  [`${META}.ListMeta`]: {
    type: 'object',
    description:
      'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.',
    properties: {
      continue: str('continue may be set if the user set a limit on the number of items returned.'),
      remainingItemCount: {
        type: 'integer',
        format: 'int64',
        description:
          'remainingItemCount is the number of subsequent items in the list which are not included in this list response.',
      },
      resourceVersion: str("String that identifies the server's internal version of this object."),
      selfLink: str(
        'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
      ),
    },
  },
  [`${META}.StatusCause`]: {
    type: 'object',
    description: 'StatusCause provides more information about an api.Status failure.',
    properties: {
      field: str('The field of the resource that has caused this error.'),
      message: str('A human-readable description of the cause of the error.'),
      reason: str('A machine-readable description of the cause of the error.'),
    },
  },
  [`${META}.StatusDetails`]: {
    type: 'object',
    description:
      'StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.',
    properties: {
      causes: { type: 'array', items: refAllOf(`${META}.StatusCause`), 'x-kubernetes-list-type': 'atomic' },
      group: str('The group attribute of the resource associated with the status StatusReason.'),
      kind: str('The kind attribute of the resource associated with the status StatusReason.'),
      name: str('The name attribute of the resource associated with the status StatusReason.'),
      retryAfterSeconds: { type: 'integer', format: 'int32' },
      uid: str('UID of the resource.'),
    },
  },
  [`${META}.Status`]: {
    type: 'object',
    description: "Status is a return value for calls that don't return other objects.",
    properties: {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      code: {
        type: 'integer',
        format: 'int32',
        description: 'Suggested HTTP return code for this status, 0 if not set.',
      },
      details: refAllOf(`${META}.StatusDetails`),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      message: str('A human-readable description of the status of this operation.'),
      metadata: { ...refAllOf(`${META}.ListMeta`), default: {} },
      reason: str('A machine-readable description of why this operation is in the "Failure" status.'),
      status: str('Status of the operation. One of: "Success" or "Failure".'),
    },
    'x-kubernetes-group-version-kind': [{ group: '', kind: 'Status', version: 'v1' }],
  },
  [`${META}.Preconditions`]: {
    type: 'object',
    description: 'Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.',
    properties: {
      resourceVersion: str('Specifies the target ResourceVersion'),
      uid: str('Specifies the target UID.'),
    },
  },
  [`${META}.DeleteOptions`]: {
    type: 'object',
    description: 'DeleteOptions may be provided when deleting an API object.',
    properties: {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      dryRun: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'atomic' },
      gracePeriodSeconds: { type: 'integer', format: 'int64' },
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      preconditions: refAllOf(`${META}.Preconditions`),
      propagationPolicy: str('Whether and how garbage collection will be performed.'),
    },
    'x-kubernetes-group-version-kind': [{ group: '', kind: 'DeleteOptions', version: 'v1' }],
  },
  [`${META}.Patch`]: {
    type: 'object',
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  },
  [`${META}.WatchEvent`]: {
    type: 'object',
    required: ['type', 'object'],
    properties: {
      object: { type: 'object', description: 'Object is the object of the event.' },
      type: { type: 'string', default: '' },
    },
  },
};
