/**
 * `higress-apiserver` flags: a superset of higress-standalone's api-server (ARCHITECTURE-BRIEF §3),
 * parsed with commander and validated into a config, with readable errors.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { EncryptionFiles, StorageConfig } from './adapters/storage.js';
import { ADMISSION_PLUGINS } from './admission/plugins.js';
import { addStorageFlags, type StorageFlags, storageConfigOf } from './storage-flags.js';

export interface CliSecurity {
  clientCaFile: string | undefined;
  tokenAuthFile: string | undefined;
  jwt: { jwks: string; issuers: string[]; audiences: string[] } | undefined;
  anonymousAuth: boolean;
  authorizationMode: 'RBAC' | 'AlwaysAllow';
  auditLogPath: string | undefined;
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  maxWatchesPerClient: number;
}

export interface CliConfig {
  bindAddress: string;
  securePort: number;
  /** Plain HTTP for development; undefined = off. */
  insecurePort: number | undefined;
  tls: { certFile: string; keyFile: string; clientCaFile: string | undefined } | undefined;
  /** Where a generated CA, serving and admin certificates and a kubeconfig live when no --tls-cert-file is given. */
  certDir: string | undefined;
  /** Extra names and addresses for the generated serving certificate (`--tls-san`). */
  tlsSans: string[];
  security: CliSecurity;
  storage: StorageConfig;
  logLevel: string;
  minRequestTimeoutSeconds: number;
  /** Admission plugins turned off (`--disable-admission-plugins`), e.g. NamespaceLifecycle. */
  disableAdmissionPlugins: string[];
}

export class CliError extends Error {
  override readonly name = 'CliError';
}

const port = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
};

const nonNegativeInt = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a non-negative integer');
  return Number(value);
};

/** Go's strconv.ParseBool, as `--anonymous-auth=false` is written for kube-apiserver. */
const bool = (value: string): boolean => {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new InvalidArgumentError('must be true or false');
};

const list = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

const positiveInt = (value: string): number => {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
};

export function cliProgram(): Command {
  return addStorageFlags(
    new Command('higress-apiserver')
      .description(
        'A Kubernetes-compatible API server for Higress, storing objects in Nacos, files or memory.',
      )
      .option('--secure-port <port>', 'HTTPS port', port, 8443)
      .option('--insecure-port <port>', 'plain HTTP port for development (off by default)', port)
      .option('--bind-address <ip>', 'address to listen on', '0.0.0.0')
      .option('--tls-cert-file <file>', 'serving certificate (PEM)')
      .option('--tls-private-key-file <file>', 'serving private key (PEM)')
      .option(
        '--cert-dir <dir>',
        'without --tls-cert-file: generate (or reuse) a CA, serving and admin certificates and admin.kubeconfig here',
      )
      .option(
        '--tls-san <name>',
        'extra DNS name or IP for the generated serving certificate (repeatable)',
        list,
      )
      .option('--client-ca-file <file>', 'CA bundle for client certificates (CN = user, O = groups)')
      .option('--token-auth-file <file>', 'static bearer tokens (CSV: token,user,uid,"group1,group2")')
      .option('--service-account-jwks-file <file>', 'JWKS whose keys sign accepted bearer JWTs')
      .option('--service-account-jwks-url <url>', 'URL serving that JWKS (instead of a file)')
      .option('--service-account-issuer <iss>', 'accepted JWT issuer (repeatable)', list)
      .option('--api-audiences <aud>', 'accepted JWT audiences, comma-separated (default: the issuers)', list)
      .option('--anonymous-auth <bool>', 'anonymous requests to /healthz, /livez and /readyz', bool, true)
      .option('--authorization-mode <mode>', 'RBAC or AlwaysAllow (the Go original)', 'RBAC')
      .option(
        '--encryption-key-file <file>',
        'encryption at rest keys (<id>:<base64 32 bytes> lines, first writes)',
      )
      .option('--audit-log-path <file>', 'append an audit event (JSON line) per request')
      .option(
        '--max-requests-inflight <n>',
        'non-mutating requests in flight (0 = unlimited)',
        nonNegativeInt,
        400,
      )
      .option(
        '--max-mutating-requests-inflight <n>',
        'mutating requests in flight (0 = unlimited)',
        nonNegativeInt,
        200,
      )
      .option('--max-watches-per-client <n>', 'open watches per user (0 = unlimited)', nonNegativeInt, 100),
    STORAGE_TYPES,
  )
    .option(
      '--nacos-cache-dir <dir>',
      'keep a local copy of the values read from Nacos here, so a restart reads only what changed',
    )
    .option(
      '--nacos-encryption-key-file <file>',
      "the Go original's raw AES key, to read its enc| secrets (writes use --encryption-key-file if given)",
    )
    .option(
      '--min-request-timeout <seconds>',
      'watches without timeoutSeconds last between 1x and 2x this',
      positiveInt,
      1800,
    )
    .option(
      '--disable-admission-plugins <names>',
      `admission plugins to turn off, comma-separated (of: ${ADMISSION_PLUGINS.join(', ')}); NamespaceLifecycle off lets objects be written in namespaces that do not exist`,
      list,
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

interface RawOptions extends StorageFlags {
  securePort: number;
  insecurePort?: number;
  bindAddress: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  certDir?: string;
  tlsSan?: string[];
  tokenAuthFile?: string;
  serviceAccountJwksFile?: string;
  serviceAccountJwksUrl?: string;
  serviceAccountIssuer?: string[];
  apiAudiences?: string[];
  anonymousAuth: boolean;
  authorizationMode: string;
  encryptionKeyFile?: string;
  auditLogPath?: string;
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  maxWatchesPerClient: number;
  nacosEncryptionKeyFile?: string;
  logLevel: string;
  minRequestTimeout: number;
  disableAdmissionPlugins?: string[];
}

const STORAGE_TYPES = ['memory', 'file', 'nacos'] as const;

function storageOf(raw: RawOptions): StorageConfig {
  const encryption: EncryptionFiles = {
    encryptionKeyFile: raw.encryptionKeyFile,
    legacyEncryptionKeyFile: raw.nacosEncryptionKeyFile,
  };
  return storageConfigOf(raw, STORAGE_TYPES, encryption, (message) => new CliError(message));
}

function securityOf(raw: RawOptions): CliSecurity {
  if (raw.authorizationMode !== 'RBAC' && raw.authorizationMode !== 'AlwaysAllow') {
    throw new CliError(`--authorization-mode must be RBAC or AlwaysAllow, not "${raw.authorizationMode}"`);
  }
  if (raw.serviceAccountJwksFile && raw.serviceAccountJwksUrl) {
    throw new CliError('give --service-account-jwks-file or --service-account-jwks-url, not both');
  }
  const jwks = raw.serviceAccountJwksFile ?? raw.serviceAccountJwksUrl;
  const issuers = raw.serviceAccountIssuer ?? [];
  if (jwks && issuers.length === 0) throw new CliError('a JWKS needs --service-account-issuer');
  if (!jwks && issuers.length > 0) {
    throw new CliError(
      '--service-account-issuer needs --service-account-jwks-file or --service-account-jwks-url',
    );
  }
  const audiences = raw.apiAudiences?.length ? raw.apiAudiences : issuers;
  return {
    clientCaFile: raw.clientCaFile,
    tokenAuthFile: raw.tokenAuthFile,
    jwt: jwks ? { jwks, issuers, audiences } : undefined,
    anonymousAuth: raw.anonymousAuth,
    authorizationMode: raw.authorizationMode,
    auditLogPath: raw.auditLogPath,
    maxRequestsInflight: raw.maxRequestsInflight,
    maxMutatingRequestsInflight: raw.maxMutatingRequestsInflight,
    maxWatchesPerClient: raw.maxWatchesPerClient,
  };
}

/** Parses argv (without node and script); throws CliError (or commander's error) on bad flags. */
export function parseCli(argv: readonly string[]): CliConfig {
  const program = cliProgram();
  program.parse([...argv], { from: 'user' });
  const raw = program.opts<RawOptions>();
  if (Boolean(raw.tlsCertFile) !== Boolean(raw.tlsPrivateKeyFile)) {
    throw new CliError('--tls-cert-file and --tls-private-key-file must be given together');
  }
  if (!raw.tlsCertFile && !raw.certDir && raw.insecurePort === undefined) {
    throw new CliError(
      'give --tls-cert-file and --tls-private-key-file (or --cert-dir) for HTTPS, or --insecure-port for plain HTTP',
    );
  }
  if (raw.clientCaFile && !raw.tlsCertFile && !raw.certDir) {
    throw new CliError('--client-ca-file needs --tls-cert-file or --cert-dir');
  }
  const disabled = raw.disableAdmissionPlugins ?? [];
  for (const plugin of disabled) {
    // kube-apiserver's message for a name it does not know (pkg/admission/plugins.go)
    if (!ADMISSION_PLUGINS.includes(plugin))
      throw new CliError(`disable-admission-plugins plugin "${plugin}" is unknown`);
  }
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(raw.logLevel)) throw new CliError(`--log-level must be one of ${levels.join(', ')}`);
  return {
    certDir: raw.tlsCertFile ? undefined : raw.certDir,
    tlsSans: raw.tlsSan ?? [],
    security: securityOf(raw),
    bindAddress: raw.bindAddress,
    securePort: raw.securePort,
    insecurePort: raw.insecurePort,
    tls:
      raw.tlsCertFile && raw.tlsPrivateKeyFile
        ? { certFile: raw.tlsCertFile, keyFile: raw.tlsPrivateKeyFile, clientCaFile: raw.clientCaFile }
        : undefined,
    storage: storageOf(raw),
    logLevel: raw.logLevel,
    minRequestTimeoutSeconds: raw.minRequestTimeout,
    disableAdmissionPlugins: disabled,
  };
}
