/**
 * Kubernetes `Status` errors: one error class and one catalog of constructors, mirroring
 * k8s.io/apimachinery/pkg/api/errors/errors.go. Every error a client sees is built here.
 */
import type { FieldCause } from '@hs/resources';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  /** StatusReasonUnknown: left out of the Status, as upstream's omitempty does. */
  | '';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason?: string; message?: string; field?: string }>;
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string; continue?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason | '';
  details?: StatusDetails;
  code: number;
}

/** A group + resource (plural), e.g. `{ group: '', resource: 'configmaps' }`. */
export interface GroupResource {
  group: string;
  resource: string;
}

const qualified = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

export class StatusError extends Error {
  override readonly name = 'StatusError';
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
    /** The Status's ListMeta: the continue token of a 410 for an expired continue token. */
    readonly listMeta?: { continue?: string },
  ) {
    super(message);
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: { ...this.listMeta },
      status: 'Failure',
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}

const detailsFor = (gr: GroupResource, name: string): StatusDetails => ({
  name,
  ...(gr.group ? { group: gr.group } : {}),
  kind: gr.resource,
});

export const notFound = (gr: GroupResource, name: string) =>
  new StatusError(404, 'NotFound', `${qualified(gr)} "${name}" not found`, detailsFor(gr, name));

export const alreadyExists = (gr: GroupResource, name: string) =>
  new StatusError(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, detailsFor(gr, name));

export const conflict = (gr: GroupResource, name: string, why: string) =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`,
    detailsFor(gr, name),
  );

export const OBJECT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

/**
 * 422 Invalid: kubectl prints `details.causes`, ignoring the message. `kind` is the Kind (ConfigMap).
 * An empty name (ListOptions) is left out of `details`, as Go's omitempty does.
 */
export const invalid = (group: string, kind: string, name: string, causes: FieldCause[]) =>
  new StatusError(
    422,
    'Invalid',
    `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { ...(name ? { name } : {}), ...(group ? { group } : {}), kind, causes },
  );

export const badRequest = (message: string) => new StatusError(400, 'BadRequest', message);

export const unauthorized = (message = 'Unauthorized') => new StatusError(401, 'Unauthorized', message);

export const forbidden = (gr: GroupResource, name: string, message: string) =>
  new StatusError(403, 'Forbidden', message, detailsFor(gr, name));

export const methodNotSupported = (gr: GroupResource, verb: string) =>
  new StatusError(
    405,
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind "${qualified(gr)}"`,
    {
      ...(gr.group ? { group: gr.group } : {}),
      kind: gr.resource,
    },
  );

export const notAcceptable = (message: string) => new StatusError(406, 'NotAcceptable', message);

/** 410 Expired: a resourceVersion or continue token too old to serve. */
export const expired = (message: string, continueToken?: string) =>
  new StatusError(
    410,
    'Expired',
    message,
    undefined,
    undefined,
    continueToken ? { continue: continueToken } : undefined,
  );

export const tooOldResourceVersion = (requested: string, oldest: number) =>
  expired(`too old resource version: ${requested} (${oldest})`);

/** 413 for an object the storage cannot hold (kube-apiserver on etcd: "etcdserver: request is too large"). */
export const storedObjectTooLarge = (message: string) =>
  new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);

export const requestEntityTooLarge = (limitBytes: number) =>
  new StatusError(
    413,
    'RequestEntityTooLarge',
    `the request body is larger than the limit of ${limitBytes} bytes`,
  );

export const unsupportedMediaType = (message: string) =>
  new StatusError(415, 'UnsupportedMediaType', message);

/**
 * The 415 go-restful answers before kube-apiserver's handler runs, for a request whose
 * Content-Type no route of the path consumes (a built-in kind's PATCH that is no patch type).
 */
export const routeUnsupportedMediaType = () =>
  new StatusError(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});

export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new StatusError(
    429,
    'TooManyRequests',
    message,
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );

/**
 * 422 with upstream's generic text and empty details, as errors.NewGenericServerResponse(422, …,
 * isUnexpectedResponse=false) builds it for a JSON patch that cannot be applied
 * (k8s.io/apiserver/pkg/endpoints/handlers/patch.go): upstream drops the detail, and so do we.
 * `serverMessage` is kept for logs and tests only (`cause`).
 */
export const unprocessable = (serverMessage: string) =>
  Object.assign(
    new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {}),
    { cause: serverMessage },
  );

/** 413 for a JSON patch with too many operations (k8s.io/apiserver/pkg/endpoints/handlers/patch.go). */
export const tooManyPatchOperations = (limit: number, got: number) =>
  new StatusError(
    413,
    'RequestEntityTooLarge',
    `The allowed maximum operations in a JSON patch is ${limit}, got ${got}`,
  );

/**
 * 409 for server-side apply conflicts: errors.NewApplyConflict with one `FieldManagerConflict`
 * cause per field (k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager/internal/conflict.go).
 */
export const applyConflict = (causes: Array<{ message: string; field: string }>, message: string) =>
  new StatusError(409, 'Conflict', message, {
    causes: causes.map((c) => ({ reason: 'FieldManagerConflict', message: c.message, field: c.field })),
  });

export const internalError = (message: string) =>
  new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });

export const serviceUnavailable = (message: string, retryAfterSeconds: number) =>
  new StatusError(
    503,
    'ServiceUnavailable',
    message,
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );

/**
 * A read for a resourceVersion newer than the server has seen, after the wait for it: upstream's
 * NewTimeoutError with the ResourceVersionTooLarge cause (k8s.io/apiserver/pkg/storage/errors.go,
 * NewTooLargeResourceVersionError), which client-go reflectors recognise and retry.
 */
export const tooLargeResourceVersion = (message: string, retryAfterSeconds: number) =>
  new StatusError(
    504,
    'Timeout',
    message,
    {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds,
    },
    { 'Retry-After': String(retryAfterSeconds) },
  );

export const serverTimeout = (gr: GroupResource, operation: string, retryAfterSeconds: number) =>
  new StatusError(
    504,
    'ServerTimeout',
    `The ${operation} operation against ${qualified(gr)} could not be completed at this time, please try again.`,
    { ...(gr.group ? { group: gr.group } : {}), kind: gr.resource, retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
