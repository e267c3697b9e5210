/**
 * Converts any error into a Kubernetes StatusError at the HTTP edge, following
 * k8s.io/apiserver/pkg/storage/errors/storage.go (per-verb storage errors) and
 * k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go (ErrorToAPIStatus).
 */
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  internalError,
  invalid,
  isStatusError,
  notFound,
  OBJECT_MODIFIED,
  parsePatchContentType,
  requestEntityTooLarge,
  StatusError,
  serverTimeout,
  serviceUnavailable,
  storedObjectTooLarge,
  tooLargeResourceVersion,
  unsupportedMediaType,
} from '@hs/apimachinery';
import { isStorageError, type StorageError, ValidationError } from '@hs/storage';
import type { BodyRoute } from './body-route.js';
import { groupResource, type ResourceContext } from './request-context.js';

const DEFAULT_RETRY_AFTER = 1;

function fromStorageError(err: StorageError, ctx: ResourceContext | null): StatusError {
  const gr = ctx ? groupResource(ctx.definition) : { group: '', resource: err.key.split('/')[0] ?? '' };
  const name = ctx?.name ?? err.key.split('/').at(-1) ?? '';
  const retry = err.retryAfterSeconds ?? DEFAULT_RETRY_AFTER;
  switch (err.code) {
    case 'KeyNotFound':
      return notFound(gr, name);
    case 'KeyExists':
      return alreadyExists(gr, name);
    case 'Conflict':
      return conflict(gr, name, OBJECT_MODIFIED);
    case 'Compacted':
      return expired(err.message, err.continue);
    case 'InvalidObject':
      // Input the store cannot use and that has no field causes (e.g. a malformed continue token).
      return badRequest(err.message);
    case 'Unreachable':
      return serviceUnavailable(`storage is unreachable: ${err.message}`, retry);
    case 'NotLeader':
      return serviceUnavailable(`storage is not ready: ${err.message}`, retry);
    case 'Timeout':
      // A Timeout that names the revision asked for is a read ahead of the server's newest one.
      if (err.revision !== undefined) return tooLargeResourceVersion(err.message, retry);
      return serverTimeout(gr, ctx?.verb ?? 'request', retry);
    case 'Corrupt':
      return internalError(err.message);
    case 'TooLarge':
      return storedObjectTooLarge(err.message);
  }
}

function patchMediaTypeError(route: BodyRoute): StatusError {
  try {
    parsePatchContentType(undefined, route);
  } catch (err) {
    if (isStatusError(err)) return err;
  }
  return unsupportedMediaType('the body of the request was in an unknown format');
}

/** Fastify's own errors carry `code` (FST_ERR_…) and `statusCode`. */
interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  message: string;
}

/** What the error handler knows of the request when its handler has not run yet. */
export interface RequestShape {
  method: string;
  bodyRoute?: BodyRoute | undefined;
}

function fromFastifyError(
  err: FastifyLikeError,
  bodyLimit: number,
  req: RequestShape | undefined,
): StatusError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return requestEntityTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      // A PATCH of a kind: the media types of its patches (patch.go), as its handler would say.
      if (req?.method === 'PATCH' && req.bodyRoute) return patchMediaTypeError(req.bodyRoute);
      return unsupportedMediaType(
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      );
    default:
      break;
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new StatusError(
      err.statusCode,
      err.statusCode === 413 ? 'RequestEntityTooLarge' : 'BadRequest',
      err.message,
    );
  }
  return undefined;
}

/** Returns the StatusError to send; `internal` is true when the error was unexpected (log it). */
export function toStatusError(
  err: unknown,
  ctx: ResourceContext | null,
  bodyLimit: number,
  req?: RequestShape,
): { status: StatusError; internal: boolean } {
  if (isStatusError(err)) return { status: err, internal: err.code >= 500 };
  if (isStorageError(err)) {
    const status = fromStorageError(err, ctx);
    return { status, internal: status.code === 500 };
  }
  if (err instanceof ValidationError) {
    return {
      status: invalid(ctx?.definition.group ?? '', err.kind, err.objectName, err.causes),
      internal: false,
    };
  }
  if (err instanceof Error) {
    const fromFastify = fromFastifyError(err as FastifyLikeError, bodyLimit, req);
    if (fromFastify) return { status: fromFastify, internal: false };
    return { status: internalError(err.message), internal: true };
  }
  return { status: internalError(String(err)), internal: true };
}
