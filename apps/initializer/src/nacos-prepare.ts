import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkHealth,
  createNamespace,
  isNacosError,
  MIN_CAS_VERSION,
  NacosClient,
  NacosError,
  parseVersion,
} from '@hs/nacos-client';
import { InitError } from './pki-state.js';

export interface NacosTarget {
  /** Base URL including the context path, e.g. http://nacos:8848/nacos */
  url: string;
  username?: string;
  password?: string;
  namespace: string;
  waitSeconds: number;
}

const REQUEST_TIMEOUT_MS = 3000;
/** The group HS keeps its secret index in (higress-standalone compose/scripts/init.sh). */
const SECRETS_INDEX = { group: 'DEFAULT_GROUP', dataId: 'secrets.__names__' } as const;

/**
 * Waits until Nacos answers ready and returns a client connected to it (server version read, v1 or
 * v3 API chosen, logged in where the server needs it). Follows higress-standalone
 * compose/scripts/init.sh initializeNacos: an unreachable or not-ready server is waited for, for at
 * most `waitSeconds`. A server too old for compare-and-set or refused credentials fail at once:
 * waiting cannot fix either. The client sends its token in headers only, never in URLs.
 */
export async function waitForNacos(
  target: NacosTarget,
  log: (line: string) => void,
  intervalMs = 1000,
): Promise<NacosClient> {
  // No client-side retries: this loop is the retry, and it must keep to its deadline.
  const client = new NacosClient({
    serverUrl: target.url,
    username: target.username,
    password: target.password,
    timeoutMs: REQUEST_TIMEOUT_MS,
    retries: 0,
  });
  const deadline = Date.now() + target.waitSeconds * 1000;
  let last = 'no answer yet';
  let attempt = 0;
  for (;;) {
    try {
      await client.connect();
      const notReady = await checkHealth(client);
      if (notReady === undefined) return client;
      last = notReady;
    } catch (err) {
      if (isNacosError(err, 'IncompatibleServer')) throw await tooOld(client, target, err);
      if (isNacosError(err, 'Forbidden')) throw refused(err, target);
      if (!(err instanceof NacosError)) throw err;
      last = shortReason(err);
    }
    if (Date.now() + intervalMs > deadline) {
      throw new InitError(
        `Nacos at ${target.url} did not become ready within ${target.waitSeconds} s (last: ${last})`,
      );
    }
    if (attempt++ % 5 === 0) log(`waiting for Nacos at ${target.url} (${last})`);
    await sleep(intervalMs);
  }
}

/** `2.x (v1 API)` or `3.x (v3 API)`, from the version and API family the client detected. */
export function nacosFamily(client: NacosClient): string {
  const [major] = parseVersion(client.serverInfo?.version ?? '');
  return `${major}.x (${client.api.v3Admin ? 'v3' : 'v1'} API)`;
}

/**
 * Creates the Nacos namespace (tenant) the apiserver stores objects in, if absent (HS init.sh:
 * v1 `/v1/console/namespaces`, v3 `/v3/admin/core/namespace`). Returns whether it was created.
 */
export async function ensureNacosNamespace(
  client: NacosClient,
  target: NacosTarget,
  opts: { newRandomKey: boolean } = { newRandomKey: false },
): Promise<boolean> {
  try {
    const created = await createNamespace(client, target.namespace, target.namespace);
    // HS init.sh checks a just-created namespace too: a deleted namespace may leave configs behind.
    if (opts.newRandomKey) await refuseExistingSecrets(client, target);
    return created;
  } catch (err) {
    if (isNacosError(err, 'Forbidden')) throw refused(err, target);
    if (err instanceof NacosError)
      throw new InitError(`${err.message} (Nacos at ${target.url})`, { cause: err });
    throw err;
  }
}

/**
 * A fresh random data-encryption key cannot read secrets an earlier installation encrypted in
 * this namespace: refuse, as HS init.sh does, when its secret index `secrets.__names__` exists.
 */
async function refuseExistingSecrets(client: NacosClient, target: NacosTarget): Promise<void> {
  const index = await client.get({ tenant: target.namespace, ...SECRETS_INDEX });
  if (index !== undefined) {
    throw new InitError(
      `Nacos namespace ${target.namespace} already holds Higress secrets, which a new random data-encryption ` +
        'key could not decrypt. Pass the previous key (--data-enc-key / NACOS_DATA_ENC_KEY), restore ' +
        'volumes/api/nacos.key, or use another namespace (--nacos-ns-id)',
    );
  }
}

/** The error code (ECONNREFUSED, ENOTFOUND, …) under a transport failure, else its message. */
function shortReason(err: NacosError): string {
  if (err.kind === 'Unreachable') {
    let cur: unknown = err.details.cause;
    for (let depth = 0; depth < 4 && cur instanceof Error; depth++) {
      const code = (cur as Error & { code?: unknown }).code;
      if (typeof code === 'string') return code;
      cur = cur.cause;
    }
  }
  return err.message;
}

async function tooOld(client: NacosClient, target: NacosTarget, err: NacosError): Promise<InitError> {
  const version = await client.serverState().then(
    (info) => info.version,
    () => undefined,
  );
  if (version === undefined) return new InitError(err.message, { cause: err });
  return new InitError(
    `Nacos at ${target.url} is version ${version}, too old: the apiserver writes with compare-and-set ` +
      `(casMd5), which Nacos ignores before ${MIN_CAS_VERSION}. Use Nacos ${MIN_CAS_VERSION} or newer`,
    { cause: err },
  );
}

/** Refused credentials (or none where the server wants some); never shows the password. */
function refused(err: NacosError, target: NacosTarget): InitError {
  let answer = `HTTP ${err.status ?? '?'} ${(err.details.body ?? '').trim().slice(0, 200)}`.trim();
  if (target.password) answer = answer.replaceAll(target.password, '***');
  if (target.username === undefined) {
    return new InitError(
      `Nacos at ${target.url} refused ${err.operation} without credentials (${answer}); ` +
        'pass --nacos-username and --nacos-password',
      { cause: err },
    );
  }
  const login = err.details.path?.includes('/auth/') ?? false;
  return new InitError(
    login
      ? `Nacos login as ${target.username} failed: ${answer}; check --nacos-username and --nacos-password`
      : `Nacos refused ${err.operation} for user ${target.username}: ${answer}`,
    { cause: err },
  );
}
