/**
 * Assembles the configured authenticators the way kube-apiserver does
 * (pkg/kubeapiserver/authenticator/config.go): client certificates first, then bearer tokens
 * (static token file, then JWTs), every authenticated user gaining `system:authenticated`, and
 * anonymous last, only where enabled. The server builds this once at start-up and calls
 * `authenticate` per request; TokenReview uses `tokenAuthenticator` so both see the same rules.
 */
import { type AnonymousOptions, authenticateRequest } from './anonymous.js';
import { bearerTokenAuthenticator } from './bearer-token.js';
import { clientCertAuthenticator } from './client-cert.js';
import { type JwtAuthenticatorOptions, jwtAuthenticator } from './jwt.js';
import { tokenFileAuthenticator } from './token-file.js';
import type { Authenticator, AuthRequest, TokenAuthenticator, UserInfo } from './types.js';
import {
  audienceAgnostic,
  authenticatedGroupAdder,
  authenticatedGroupTokenAdder,
  unionAuthenticator,
  unionTokenAuthenticator,
} from './union.js';

export interface AuthenticationOptions {
  /** Accept TLS client certificates (set when the server has --client-ca-file). */
  clientCertificates?: boolean;
  /** --token-auth-file path. */
  tokenFile?: string;
  /** JWT issuers with their JWKS. */
  jwt?: JwtAuthenticatorOptions | readonly JwtAuthenticatorOptions[];
  /** The server's API audiences; default: every JWT audience configured. */
  apiAudiences?: readonly string[];
  anonymous?: AnonymousOptions;
  /** Reload check interval for the token and JWKS files (ms). Default 5000. */
  reloadCheckIntervalMs?: number;
}

export interface Authentication {
  /** Request-level union (no anonymous), users carry `system:authenticated`. */
  readonly authenticator: Authenticator;
  /** Token-level union for TokenReview, users carry `system:authenticated`. */
  readonly tokenAuthenticator: TokenAuthenticator;
  readonly apiAudiences: readonly string[];
  /** The user of a request or a 401 StatusError; `path` is the URL path, used for anonymous rules. */
  authenticate(request: AuthRequest, path: string): Promise<UserInfo>;
}

export async function createAuthentication(options: AuthenticationOptions): Promise<Authentication> {
  const jwtOptions =
    options.jwt === undefined ? [] : 'jwks' in options.jwt ? [options.jwt] : [...options.jwt];
  const apiAudiences = options.apiAudiences ?? [...new Set(jwtOptions.flatMap((j) => j.audiences))];
  const reload =
    options.reloadCheckIntervalMs === undefined
      ? {}
      : { reloadCheckIntervalMs: options.reloadCheckIntervalMs };

  const tokenAuths: TokenAuthenticator[] = [];
  if (options.tokenFile) {
    tokenAuths.push(audienceAgnostic(await tokenFileAuthenticator(options.tokenFile, reload), apiAudiences));
  }
  for (const j of jwtOptions) tokenAuths.push(await jwtAuthenticator({ ...reload, ...j }));
  const tokenAuthenticator = authenticatedGroupTokenAdder(unionTokenAuthenticator(...tokenAuths));

  const requestAuths: Authenticator[] = [];
  if (options.clientCertificates) requestAuths.push(clientCertAuthenticator());
  if (tokenAuths.length > 0)
    requestAuths.push(bearerTokenAuthenticator(unionTokenAuthenticator(...tokenAuths)));
  const authenticator = authenticatedGroupAdder(unionAuthenticator(...requestAuths));

  return {
    authenticator,
    tokenAuthenticator,
    apiAudiences,
    authenticate: (request, path) => authenticateRequest(authenticator, request, path, options.anonymous),
  };
}
