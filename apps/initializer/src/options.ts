import { isIP } from 'node:net';
import { type KeySpec, keySpecFrom } from '@hs/pki';
import { InitError } from './pki-state.js';

export type StorageKind = 'nacos' | 'file' | 'memory';

export interface InitOptions {
  /** Directory the `volumes/` tree is created under. */
  root: string;
  storage?: StorageKind;
  /** Nacos base URL, e.g. http://nacos:8848/nacos (the `/nacos` context path is added if absent). */
  nacosServer?: string;
  nacosUsername?: string;
  nacosPassword?: string;
  /** Nacos namespace (tenant) to create; default higress-system. */
  nacosNamespace?: string;
  /** How long to wait for Nacos readiness; default 180 s as HS init.sh. */
  nacosWaitSeconds?: number;
  /** Data-encryption key to write when none exists (HS NACOS_DATA_ENC_KEY); random otherwise. */
  dataEncryptionKey?: string;
  /** Extra SANs for the apiserver serving certificate (DNS names or IP addresses). */
  sans?: readonly string[];
  keyType?: string;
  keySize?: number | string;
  /** Server URL written into every kubeconfig; default https://apiserver:8443. */
  apiserverUrl?: string;
  /** `iss` of minted tokens and the issuer in Pilot's JWT_RULE; default `higress`. */
  tokenIssuer?: string;
  /** Replace CAs, keys and the token-signing key. */
  rotate?: boolean;
  /** uid that Pilot and the gateway run as (owner of their keys and writable dirs); default 1337. */
  proxyUid?: number;
  /** Re-issue leaves and tokens expiring sooner than this (ms); default: the 30-day warning rule. */
  renewBeforeMs?: number;
  /** Re-issue every leaf certificate and token (keys kept). */
  forceRenew?: boolean;
  /** Lifetime of newly issued leaf certificates and tokens (ms); default 365 days. */
  leafValidityMs?: number;
  /** Apiserver CA rotation step (see ca-rotation.ts). */
  caRotation?: 'start' | 'finish';
  /** Token-signing key rotation step (see token-key-rotation.ts). */
  tokenKeyRotation?: 'start' | 'finish';
  now?: Date;
  log?: (line: string) => void;
}

export const DEFAULT_SANS = ['apiserver', 'apiserver.svc', 'localhost', '127.0.0.1'];
const DNS_NAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i;
const NACOS_WAIT_DEFAULT = 180;

export interface ResolvedInitOptions {
  root: string;
  storage: StorageKind;
  nacos?: { url: string; username?: string; password?: string; namespace: string; waitSeconds: number };
  dataEncryptionKey?: string;
  dnsNames: string[];
  ipAddresses: string[];
  keySpec: KeySpec;
  apiserverUrl: string;
  tokenIssuer: string;
  rotate: boolean;
  proxyUid: number;
  renewal: {
    renewBeforeMs?: number;
    forceRenew?: boolean;
    leafValidityMs?: number;
    caRotation?: 'start' | 'finish';
    tokenKeyRotation?: 'start' | 'finish';
  };
  now: Date;
  log: (line: string) => void;
}

/** Validates and fills defaults; every problem is an InitError naming the option. */
export function resolveInitOptions(o: InitOptions): ResolvedInitOptions {
  if (!o.root) throw new InitError('--root is required');
  const storage = o.storage ?? 'file';
  if (!['nacos', 'file', 'memory'].includes(storage)) {
    throw new InitError(`--storage must be nacos, file or memory, got ${storage}`);
  }
  let keySpec: KeySpec;
  try {
    keySpec = keySpecFrom(o.keyType ?? 'rsa', o.keySize ?? (o.keyType === 'ecdsa' ? undefined : 2048));
  } catch (err) {
    throw new InitError((err as Error).message);
  }
  const dnsNames = new Set<string>();
  const ipAddresses = new Set<string>();
  for (const san of [...DEFAULT_SANS, ...(o.sans ?? [])].map((s) => s.trim()).filter(Boolean)) {
    if (isIP(san)) ipAddresses.add(san);
    else if (DNS_NAME.test(san) && san.length <= 253) dnsNames.add(san.toLowerCase());
    else throw new InitError(`--san ${JSON.stringify(san)} is neither a DNS name nor an IP address`);
  }
  const apiserverUrl = o.apiserverUrl ?? 'https://apiserver:8443';
  let parsed: URL;
  try {
    parsed = new URL(apiserverUrl);
  } catch {
    throw new InitError(`--apiserver-url ${JSON.stringify(apiserverUrl)} is not a URL`);
  }
  if (parsed.protocol !== 'https:')
    throw new InitError('--apiserver-url must be https:// (TLS is always on)');
  const proxyUid = o.proxyUid ?? 1337;
  if (!Number.isInteger(proxyUid) || proxyUid < 0)
    throw new InitError('--proxy-uid must be a non-negative integer');
  const resolved: ResolvedInitOptions = {
    root: o.root,
    storage,
    dnsNames: [...dnsNames],
    ipAddresses: [...ipAddresses],
    keySpec,
    apiserverUrl: apiserverUrl.replace(/\/+$/, ''),
    tokenIssuer: o.tokenIssuer ?? 'higress',
    rotate: o.rotate ?? false,
    proxyUid,
    renewal: renewalOf(o),
    now: o.now ?? new Date(),
    log: o.log ?? ((line) => process.stdout.write(line + '\n')),
  };
  if (o.dataEncryptionKey !== undefined) {
    if (![16, 24, 32].includes(Buffer.byteLength(o.dataEncryptionKey))) {
      throw new InitError('the data-encryption key must be 16, 24 or 32 bytes (AES-128/192/256)');
    }
    resolved.dataEncryptionKey = o.dataEncryptionKey;
  }
  if (storage === 'nacos') resolved.nacos = resolveNacos(o);
  return resolved;
}

function renewalOf(o: InitOptions): ResolvedInitOptions['renewal'] {
  const r: ResolvedInitOptions['renewal'] = {};
  if (o.renewBeforeMs !== undefined) {
    if (!(o.renewBeforeMs >= 0)) throw new InitError('--before must not be negative');
    r.renewBeforeMs = o.renewBeforeMs;
  }
  if (o.leafValidityMs !== undefined) {
    if (!(o.leafValidityMs >= 1000)) throw new InitError('--validity must be at least 1s');
    r.leafValidityMs = o.leafValidityMs;
  }
  if (o.forceRenew) r.forceRenew = true;
  if (o.caRotation) r.caRotation = o.caRotation;
  if (o.tokenKeyRotation) r.tokenKeyRotation = o.tokenKeyRotation;
  return r;
}

function resolveNacos(o: InitOptions): NonNullable<ResolvedInitOptions['nacos']> {
  if (!o.nacosServer) throw new InitError('--nacos-server is required with --storage nacos');
  let url: URL;
  try {
    url = new URL(o.nacosServer);
  } catch {
    throw new InitError(`--nacos-server ${JSON.stringify(o.nacosServer)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InitError('--nacos-server must be an http:// or https:// URL');
  }
  // HS passes NACOS_SERVER_URL with the /nacos context path; accept a bare host:port too.
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/nacos';
  const waitSeconds = o.nacosWaitSeconds ?? NACOS_WAIT_DEFAULT;
  if (!(waitSeconds > 0)) throw new InitError('--nacos-wait-seconds must be positive');
  const namespace = o.nacosNamespace ?? 'higress-system';
  if (!/^[\w-]{1,128}$/.test(namespace)) {
    throw new InitError(
      `--nacos-ns-id ${JSON.stringify(namespace)} must match ^[\\w-]+$ (Nacos namespace ids)`,
    );
  }
  return {
    url: url.toString().replace(/\/+$/, ''),
    namespace,
    waitSeconds,
    ...(o.nacosUsername ? { username: o.nacosUsername } : {}),
    ...(o.nacosPassword ? { password: o.nacosPassword } : {}),
  };
}
