export {
  type Attributes,
  type AuthorizationResult,
  type Authorizer,
  alwaysAllow,
  anonymousUser,
  type Decision,
  type TokenAuthenticator,
  type UserInfo,
} from '@hs/security';
export { type EncryptionFiles, type StorageConfig, storageFromConfig } from './adapters/storage.js';
export { DEFAULT_VERSION, type VersionInfo } from './discovery/version.js';
export { type ApiserverMetrics, createApiserverMetrics, type MetricsOptions } from './metrics/index.js';
export { ensureGeneratedPki, type GeneratedPki, writeAdminKubeconfig } from './security/generated-certs.js';
export { type SecurityOptions, UNSECURED_USER } from './security/security-options.js';
export { buildServer, DEFAULT_BODY_LIMIT, type ServerOptions } from './server.js';
export type { TlsOptions } from './start-server.js';
export { type StartedServer, type StartOptions, startServer } from './start-server.js';
export { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from './transport/connection-limits.js';
export { readTlsFiles, type TlsFiles, type TlsReloader, watchTlsFiles } from './transport/tls-reloader.js';
