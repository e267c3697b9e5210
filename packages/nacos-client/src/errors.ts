/**
 * Errors of the Nacos client. Each says which operation failed against which server path and
 * carries a `kind` callers branch on; `retryable` marks failures a caller may safely try again.
 */
export type NacosErrorKind =
  /** A compare-and-set publish lost (HTTP 500 "Cas publish fail", or the create-only sentinel hit an existing key). */
  | 'Conflict'
  /** Credentials refused or token rejected (HTTP 403 / 401). */
  | 'Forbidden'
  /** The server rejected the parameters (HTTP 400). */
  | 'BadRequest'
  /** The endpoint is switched off (410, Nacos 3.0/3.1) or missing (404, Nacos 3.2+). */
  | 'Unsupported'
  /** The server is too old or otherwise unsuitable (e.g. no HTTP casMd5 before 2.3.0). */
  | 'IncompatibleServer'
  /** The server could not be reached (connection refused/reset, DNS). */
  | 'Unreachable'
  /** No answer within the timeout. */
  | 'Timeout'
  /** Any other non-success answer (5xx, 409 "being modified", unexpected bodies). */
  | 'Server';

export class NacosError extends Error {
  override readonly name = 'NacosError';
  constructor(
    readonly kind: NacosErrorKind,
    /** What was attempted, e.g. `publish higress-system/default/ingresses.foo`. */
    readonly operation: string,
    message: string,
    readonly details: {
      status?: number;
      path?: string;
      body?: string;
      retryable?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(
      `nacos ${operation} failed: ${message}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
  }
  get status(): number | undefined {
    return this.details.status;
  }
  /** True when repeating the same request cannot do harm and may succeed. */
  get retryable(): boolean {
    return this.details.retryable ?? false;
  }
}

export function isNacosError(err: unknown, kind?: NacosErrorKind): err is NacosError {
  return err instanceof NacosError && (kind === undefined || err.kind === kind);
}
