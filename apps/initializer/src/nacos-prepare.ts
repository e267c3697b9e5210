import { setTimeout as sleep } from 'node:timers/promises';
import { InitError } from './pki-state.js';

export interface NacosTarget {
  /** Base URL including the context path, e.g. http://nacos:8848/nacos */
  url: string;
  username?: string;
  password?: string;
  namespace: string;
  waitSeconds: number;
}

export type NacosApiVersion = 1 | 3;

const REQUEST_TIMEOUT_MS = 3000;

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: res.status, body: await res.text() };
}

/**
 * Waits until Nacos answers ready and tells the v1 API (2.x) from v3. Follows
 * higress-standalone compose/scripts/init.sh initializeNacos: probe the v1 readiness endpoint;
 * 410, or 404 "No endpoint", means 3.x, confirmed by `GET /v3/admin/core/state` (nacos-protocol §1.10).
 * Gives up after `waitSeconds` with the last thing it saw.
 */
export async function waitForNacos(
  target: NacosTarget,
  log: (line: string) => void,
  intervalMs = 1000,
): Promise<NacosApiVersion> {
  const deadline = Date.now() + target.waitSeconds * 1000;
  let last = 'no answer yet';
  let attempt = 0;
  for (;;) {
    try {
      const v1 = await get(`${target.url}/v1/console/health/readiness`);
      if (v1.status === 200) return 1;
      if (v1.status === 410 || (v1.status === 404 && v1.body.includes('No endpoint'))) {
        const v3 = await get(`${target.url}/v3/admin/core/state`);
        if (v3.status === 200) return 3;
        last = `v1 readiness answered ${v1.status}, v3 state answered ${v3.status}`;
      } else {
        last = `readiness answered ${v1.status} ${v1.body.slice(0, 200).trim()}`;
      }
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      last = cause?.code ?? cause?.message ?? (err as Error).message;
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

async function login(target: NacosTarget): Promise<string | undefined> {
  if (!target.username || !target.password) return undefined;
  // The Go SDK the controller uses still logs in through v1 (HS init.sh); 3.0/3.1 keep it open.
  const res = await fetch(`${target.url}/v1/auth/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: target.username, password: target.password }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await res.text();
  if (res.status !== 200)
    throw new InitError(`Nacos login as ${target.username} failed with ${res.status}: ${body}`);
  const token = (JSON.parse(body) as { accessToken?: unknown }).accessToken;
  if (typeof token !== 'string') throw new InitError('Nacos login answered without an accessToken');
  return token;
}

/**
 * Creates the Nacos namespace (tenant) the apiserver stores objects in, if absent
 * (HS init.sh: v1 `/v1/console/namespaces`, v3 `/v3/admin/core/namespace`). Returns whether it was created.
 */
export async function ensureNacosNamespace(
  target: NacosTarget,
  version: NacosApiVersion,
  opts: { newRandomKey: boolean } = { newRandomKey: false },
): Promise<boolean> {
  const token = await login(target);
  const auth = token ? `accessToken=${encodeURIComponent(token)}` : '';
  const listUrl =
    version === 1
      ? `${target.url}/v1/console/namespaces?${auth}`
      : `${target.url}/v3/admin/core/namespace/list?${auth}`;
  const list = await get(listUrl);
  if (list.status !== 200)
    throw new InitError(`listing Nacos namespaces failed with ${list.status}: ${list.body}`);
  const data = (JSON.parse(list.body) as { data?: unknown }).data;
  const ids = Array.isArray(data)
    ? data.map(
        (n) =>
          (n as { namespace?: unknown; namespaceId?: unknown }).namespace ??
          (n as { namespaceId?: unknown }).namespaceId,
      )
    : [];
  if (ids.includes(target.namespace)) {
    if (opts.newRandomKey) await refuseExistingSecrets(target, version, auth);
    return false;
  }
  const form: Record<string, string> =
    version === 1
      ? { customNamespaceId: target.namespace, namespaceName: target.namespace }
      : { namespaceId: target.namespace, namespaceName: target.namespace };
  const createUrl =
    version === 1
      ? `${target.url}/v1/console/namespaces?${auth}`
      : `${target.url}/v3/admin/core/namespace?${auth}`;
  const res = await fetch(createUrl, {
    method: 'POST',
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await res.text()).trim();
  // v1 answers 200 `true`/`false`; v3 answers a Result with data true.
  if (
    res.status !== 200 ||
    body === 'false' ||
    (body.startsWith('{') && (JSON.parse(body) as { data?: unknown }).data === false)
  ) {
    throw new InitError(`creating Nacos namespace ${target.namespace} failed with ${res.status}: ${body}`);
  }
  // HS init.sh checks a just-created namespace too: a deleted namespace may leave configs behind.
  if (opts.newRandomKey) await refuseExistingSecrets(target, version, auth);
  return true;
}

/**
 * A fresh random data-encryption key cannot read secrets an earlier installation encrypted in
 * this namespace: refuse, as HS init.sh does, when its secret index `secrets.__names__` exists.
 */
async function refuseExistingSecrets(
  target: NacosTarget,
  version: NacosApiVersion,
  auth: string,
): Promise<void> {
  const ns = encodeURIComponent(target.namespace);
  const url =
    version === 1
      ? `${target.url}/v1/cs/configs?dataId=secrets.__names__&group=DEFAULT_GROUP&tenant=${ns}&${auth}`
      : `${target.url}/v3/admin/cs/config?dataId=secrets.__names__&groupName=DEFAULT_GROUP&namespaceId=${ns}&${auth}`;
  const res = await get(url);
  if (res.status === 200) {
    throw new InitError(
      `Nacos namespace ${target.namespace} already holds Higress secrets, which a new random data-encryption ` +
        'key could not decrypt. Pass the previous key (--data-enc-key / NACOS_DATA_ENC_KEY), restore ' +
        'volumes/api/nacos.key, or use another namespace (--nacos-ns-id)',
    );
  }
}
