import { TokenManager } from './auth.js';
import { NacosError } from './errors.js';
import { decodeChangedKeys, encodeListeningConfigs } from './listener-codec.js';
import { contentMd5 } from './md5.js';
import { detailToItem, httpError, isNotFound, parseJson, resultData, safeJson } from './responses.js';
import { apiForVersion, MIN_CAS_VERSION, versionAtLeast } from './server-info.js';
import { Transport, type TransportRequest, type TransportResponse } from './transport.js';
import type { ConfigItem, ConfigKey, PublishOptions, ServerApi, ServerInfo } from './types.js';

export interface NacosClientOptions {
  /** Base URL including the context path, e.g. `http://127.0.0.1:8848/nacos`. */
  serverUrl: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Per-request timeout (the long-poll adds its own hold time). Default 10 s. */
  timeoutMs?: number;
  /** Retries of retryable failures. Default 3. */
  retries?: number;
  /** First backoff step; doubles per retry, with jitter. Default 100 ms. */
  retryBaseMs?: number;
  /** Poll interval of `listen()` on servers without the v1 listener (3.2+). Default 1000 ms. */
  pollIntervalMs?: number;
  /** Accept servers without HTTP compare-and-set (< 2.3.0). Default false: `connect()` refuses them. */
  allowWithoutCas?: boolean;
  fetch?: typeof fetch;
}

/** A casMd5 that can never equal a real (hex) md5: a CAS with it inserts or fails (nacos-protocol.md §1.2). */
export const CREATE_ONLY_MD5 = 'nacos-kv-create-only';

const V1_CONFIGS = '/v1/cs/configs';
const V3_ADMIN_CONFIG = '/v3/admin/cs/config';

export function describeKey(key: ConfigKey): string {
  return `${key.tenant || '(default)'}/${key.group}/${key.dataId}`;
}

/**
 * A small typed Nacos config client on fetch. Call `connect()` first: it reads the server version,
 * refuses servers too old for compare-and-set and picks the v1 or v3 admin endpoints.
 */
export class NacosClient {
  readonly transport: Transport;
  private readonly auth: TokenManager;
  private info: ServerInfo | undefined;

  constructor(readonly options: NacosClientOptions) {
    this.transport = new Transport({
      baseUrl: options.serverUrl.replace(/\/+$/, ''),
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 100,
      fetch: options.fetch ?? globalThis.fetch,
    });
    const creds =
      options.username !== undefined
        ? { username: options.username, password: options.password ?? '' }
        : undefined;
    this.auth = new TokenManager(this.transport, creds, '/v1/auth/login');
  }

  get api(): ServerApi {
    return this.info?.api ?? apiForVersion('2.5.0');
  }

  get serverInfo(): ServerInfo | undefined {
    return this.info;
  }

  /** Reads the server state, refuses servers without HTTP CAS and chooses the API family. */
  async connect(): Promise<ServerInfo> {
    const info = await this.serverState();
    if (!this.options.allowWithoutCas && !versionAtLeast(info.version, MIN_CAS_VERSION)) {
      throw new NacosError(
        'IncompatibleServer',
        'connect',
        `Nacos ${info.version} at ${this.transport.baseUrl} ignores the casMd5 header (compare-and-set over HTTP needs ${MIN_CAS_VERSION} or newer); upgrade Nacos`,
      );
    }
    this.info = info;
    if (!info.api.v1Config) this.auth.loginPath = '/v3/auth/user/login';
    return info;
  }

  /** `GET /v1/console/server/state`, falling back to `/v3/admin/core/state` where v1 is gone. */
  async serverState(): Promise<ServerInfo> {
    const operation = 'read server state';
    let res = await this.transport.send({
      operation,
      method: 'GET',
      path: '/v1/console/server/state',
      retry: 'idempotent',
    });
    let raw: unknown;
    if (res.status === 404 || res.status === 410) {
      // v1 is gone (3.2+) or switched off (3.0/3.1): log in through v3 as well where v1 is gone.
      if (res.status === 404) this.auth.loginPath = '/v3/auth/user/login';
      res = await this.call({ operation, method: 'GET', path: '/v3/admin/core/state', retry: 'idempotent' });
      raw = resultData(operation, res, '/v3/admin/core/state');
    } else if (res.status === 200) {
      raw = parseJson(operation, res, '/v1/console/server/state');
    } else throw httpError(operation, '/v1/console/server/state', res);
    const rec = (raw ?? {}) as Record<string, unknown>;
    const version = typeof rec.version === 'string' ? rec.version : '';
    if (!version)
      throw new NacosError('Server', operation, 'server state has no version', { body: res.body });
    return { version, api: apiForVersion(version), raw: rec };
  }

  /** Reads a config from the node's cache (may lag a write by the dump delay). */
  async get(key: ConfigKey, signal?: AbortSignal): Promise<ConfigItem | undefined> {
    const operation = `get ${describeKey(key)}`;
    if (this.api.v1Config) {
      const res = await this.call({
        operation,
        method: 'GET',
        path: V1_CONFIGS,
        query: { dataId: key.dataId, group: key.group, tenant: key.tenant },
        retry: 'idempotent',
        signal,
      });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw httpError(operation, V1_CONFIGS, res);
      const md5 = res.headers.get('content-md5') ?? contentMd5(res.body);
      const lm = res.headers.get('last-modified');
      return {
        key,
        content: res.body,
        md5,
        type: res.headers.get('config-type') ?? 'text',
        lastModified: lm ? Date.parse(lm) : undefined,
      };
    }
    const path = '/v3/client/cs/config';
    const res = await this.call({
      operation,
      method: 'GET',
      path,
      query: { dataId: key.dataId, groupName: key.group, namespaceId: key.tenant },
      retry: 'idempotent',
      signal,
    });
    if (isNotFound(res)) return undefined;
    const data = resultData(operation, res, path) as Record<string, unknown> | null;
    if (!data || typeof data.content !== 'string') return undefined;
    return {
      key,
      content: data.content,
      md5: typeof data.md5 === 'string' ? data.md5 : contentMd5(data.content),
      type: typeof data.contentType === 'string' ? data.contentType : 'text',
      lastModified: typeof data.lastModified === 'number' ? data.lastModified : undefined,
    };
  }

  /** Reads a config from the database (`show=all` on 2.x, `/v3/admin/cs/config` on 3.x): never stale. */
  async getDetail(key: ConfigKey, signal?: AbortSignal): Promise<ConfigItem | undefined> {
    const operation = `read ${describeKey(key)} from the database`;
    const v1 = this.api.v1Console;
    const path = v1 ? V1_CONFIGS : V3_ADMIN_CONFIG;
    const query = v1
      ? { show: 'all', dataId: key.dataId, group: key.group, tenant: key.tenant }
      : { dataId: key.dataId, groupName: key.group, namespaceId: key.tenant };
    const res = await this.call({ operation, method: 'GET', path, query, retry: 'idempotent', signal });
    if (isNotFound(res)) return undefined;
    let data: unknown;
    if (v1) {
      if (res.status !== 200) throw httpError(operation, path, res);
      if (res.body.trim() === '') return undefined;
      data = parseJson(operation, res, path);
    } else data = resultData(operation, res, path);
    return detailToItem(key, data);
  }

  /**
   * Creates or replaces a config. With `casMd5` only if the stored md5 matches; with `createOnly`
   * only if the key is absent (`casAt` gives either). Both throw NacosError `Conflict` when they
   * lose. Never retried unless the request could not be sent. Answers the md5 Nacos now holds.
   */
  async publish(key: ConfigKey, content: string, opts: PublishOptions = {}): Promise<string> {
    const operation = `publish ${describeKey(key)}`;
    const md5 = contentMd5(content);
    const cas = opts.createOnly ? CREATE_ONLY_MD5 : opts.casMd5;
    const v1 = this.api.v1Config;
    const path = v1 ? V1_CONFIGS : V3_ADMIN_CONFIG;
    const form = v1
      ? { dataId: key.dataId, group: key.group, tenant: key.tenant }
      : { dataId: key.dataId, groupName: key.group, namespaceId: key.tenant };
    const res = await this.call({
      operation,
      method: 'POST',
      path,
      form: { ...form, content, type: opts.type ?? 'yaml', appName: opts.appName, desc: opts.desc },
      headers: cas === undefined ? {} : { casMd5: cas },
      retry: 'unsent',
    });
    if (res.status === 200) {
      const body = res.body.trim();
      if (body === 'true' || (!v1 && safeJson(body)?.data === true)) return md5;
      throw new NacosError('Server', operation, `server answered ${body.slice(0, 200)}`, {
        status: 200,
        path,
      });
    }
    // 2.x v1 and every v3 answer name the CAS failure; 3.x v1 sets the NacosException's code (500)
    // as the status and answers the controller's `false` (ConfigController.publishConfig).
    if (
      cas !== undefined &&
      res.status === 500 &&
      (/cas publish fail|duplicate|unique|integrity|resource conflict/i.test(res.body) ||
        (v1 && res.body.trim() === 'false'))
    ) {
      throw new NacosError(
        'Conflict',
        operation,
        opts.createOnly ? 'the config already exists' : `the stored md5 is no longer ${cas}`,
        { status: 500, path, body: res.body },
      );
    }
    throw httpError(operation, path, res);
  }

  /** Deletes a config; succeeds whether or not it existed (Nacos has no conditional delete). */
  async delete(key: ConfigKey): Promise<void> {
    const operation = `delete ${describeKey(key)}`;
    const v1 = this.api.v1Config;
    const path = v1 ? V1_CONFIGS : V3_ADMIN_CONFIG;
    const query = v1
      ? { dataId: key.dataId, group: key.group, tenant: key.tenant }
      : { dataId: key.dataId, groupName: key.group, namespaceId: key.tenant };
    const res = await this.call({ operation, method: 'DELETE', path, query, retry: 'idempotent' });
    if (res.status === 200 || (!v1 && isNotFound(res))) return;
    throw httpError(operation, path, res);
  }

  /**
   * Waits until one of `entries` differs from the md5 given (`''` = absent) or `timeoutMs` passes;
   * returns the changed keys (empty on timeout). Uses the v1 long-poll, or polls the v3 client API
   * every `pollIntervalMs` where the listener is gone (3.2+).
   */
  async listen(
    entries: Array<{ key: ConfigKey; md5: string }>,
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<ConfigKey[]> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    if (!this.api.v1Config) return this.pollListen(entries, timeoutMs, opts.signal);
    const operation = `listen to ${entries.length} config(s)`;
    const path = `${V1_CONFIGS}/listener`;
    const res = await this.call({
      operation,
      method: 'POST',
      path,
      form: { 'Listening-Configs': encodeListeningConfigs(entries) },
      headers: { 'Long-Pulling-Timeout': String(timeoutMs) },
      // The server holds for at least 10 s (MIN_LONG_POOLING_TIMEOUT), whatever we ask.
      timeoutMs: Math.max(timeoutMs, 10_000) + (this.options.timeoutMs ?? 10_000),
      retry: 'idempotent',
      signal: opts.signal,
    });
    if (res.status !== 200) throw httpError(operation, path, res);
    return decodeChangedKeys(res.body, entries[0]?.key.tenant ?? '');
  }

  private async pollListen(
    entries: Array<{ key: ConfigKey; md5: string }>,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<ConfigKey[]> {
    const deadline = Date.now() + timeoutMs;
    const interval = this.options.pollIntervalMs ?? 1000;
    for (;;) {
      const changed: ConfigKey[] = [];
      for (const { key, md5 } of entries) {
        const item = await this.get(key, signal);
        if ((item?.md5 ?? '') !== md5) changed.push(key);
      }
      if (changed.length > 0 || Date.now() + interval > deadline) return changed;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, interval);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }

  /** Sends a request with the access token, logging in again once after a 403. */
  async call(req: TransportRequest): Promise<TransportResponse> {
    const res = await this.transport.send({
      ...req,
      headers: { ...req.headers, ...(await this.auth.headers()) },
    });
    if (res.status !== 403 || !this.auth.enabled) return res;
    this.auth.invalidate();
    return this.transport.send({ ...req, headers: { ...req.headers, ...(await this.auth.headers()) } });
  }
}
