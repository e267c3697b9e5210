/**
 * A protocol-faithful Nacos test server (nacos-protocol.md §5) on plain node:http, for tests only:
 * it is never offered as a runtime store. Defaults behave like Nacos 2.5.1 with auth off; modes
 * switch the version (2.2 ignores casMd5, 3.1 turns v1 console APIs into 410 and adds the v3 admin
 * API, 3.2 removes v1 altogether), auth, stale reads and search order.
 */
import { createServer } from 'node:http';

import { AuthState } from './auth-state.js';
import {
  type ConfigHandlerOptions,
  v1Configs,
  v3AdminConfig,
  v3AdminList,
  v3ClientConfig,
} from './config-handlers.js';
import { ConfigState } from './config-state.js';
import {
  ERR,
  param,
  type Reply,
  type Req,
  readRequest,
  result,
  resultError,
  send,
  sendJson,
} from './http-kit.js';
import { ListenerHub } from './listener-hub.js';
import { PausableListener } from './pausable-listener.js';

export type NacosVersionMode = '2.2' | '2.5' | '3.1' | '3.2';

export interface NacosTestServerOptions {
  mode?: NacosVersionMode;
  /** Require tokens on config and console endpoints (v3 admin always requires one). */
  auth?: boolean;
  users?: Record<string, string>;
  tokenTtlMs?: number;
  /** Delay before a write reaches the node cache read by GET and the listener. */
  staleReadMs?: number;
  searchOrder?: 'id' | 'shuffle';
  /** Test-only, non-faithful: lowers the 10 s minimum long-poll hold. */
  minLongPollMs?: number;
  maxContent?: number;
  /** Largest form body parsed (default 2 MiB, Tomcat's limit in Nacos 3.1's default config). */
  maxFormBytes?: number;
}

const VERSIONS: Record<NacosVersionMode, string> = {
  '2.2': '2.2.3',
  '2.5': '2.5.1',
  '3.1': '3.1.0',
  '3.2': '3.2.0',
};

export class NacosTestServer {
  readonly state: ConfigState;
  readonly auth: AuthState;
  readonly listeners: ListenerHub;
  readonly mode: NacosVersionMode;
  readonly version: string;
  /** Set to answer the next N cache reads with 409. */
  readonly conflictBudget = { remaining: 0 };
  private readonly namespaces = new Map<string, { name: string; desc: string }>();
  private readonly listener: PausableListener;
  private readonly config: ConfigHandlerOptions;
  /** Requests served, per path (for tests that check what a client did). */
  readonly hits = new Map<string, number>();
  /** The last 1000 request URLs as received (to check that no credential travels in a URL). */
  readonly requestUrls: string[] = [];

  constructor(readonly options: NacosTestServerOptions = {}) {
    this.mode = options.mode ?? '2.5';
    this.version = VERSIONS[this.mode];
    this.state = new ConfigState(options.staleReadMs ?? 0);
    this.auth = new AuthState(options.users ?? { nacos: 'nacos' }, options.tokenTtlMs ?? 18_000_000);
    this.listeners = new ListenerHub(this.state, options.minLongPollMs ?? 10_000);
    const v3 = this.mode.startsWith('3');
    this.config = {
      state: this.state,
      cas: this.mode !== '2.2',
      maxContent: options.maxContent ?? 10 * 1024 * 1024,
      searchOrder: options.searchOrder ?? 'shuffle',
      // 2.x maps blank/public/null to '' (NamespaceUtil); 3.x maps blank to public.
      normalizeTenant: v3
        ? (t) => (t ? t : 'public')
        : (t) => (t === undefined || t === '' || t === 'public' || t === 'null' ? '' : t),
      conflictBudget: this.conflictBudget,
      v1CasFailAsFalse: v3,
    };
    this.listener = new PausableListener(
      createServer((req, res) => {
        void this.dispatch(req, res).catch((err: unknown) => {
          if (!res.headersSent) send(res, 500, `caused: ${String(err)};`);
        });
      }),
    );
  }

  /** Base URL including the context path, e.g. `http://127.0.0.1:41234/nacos`. */
  get url(): string {
    return `http://127.0.0.1:${this.listener.port}/nacos`;
  }

  async start(): Promise<this> {
    await this.listener.start();
    return this;
  }

  /** Simulates an outage: stops listening and drops every connection. Data is kept. */
  pause(): Promise<void> {
    return this.listener.pause();
  }

  /** Ends an outage: listens again on the same port. */
  resume(): Promise<this> {
    return this.start();
  }

  async close(): Promise<void> {
    this.state.close();
    if (this.listener.listening) await this.pause();
  }

  private async dispatch(raw: import('node:http').IncomingMessage, res: Reply): Promise<void> {
    const req = await readRequest(raw, '/nacos', this.options.maxFormBytes);
    if (!req) return send(res, 404, 'Not Found');
    if (req.formDropped && req.path === '/v1/cs/configs') {
      // Tomcat dropped every parameter of the oversized form; Spring then reports the first
      // required one missing (measured on 3.1.0-bugfix with a 2.1 MiB publish).
      return sendJson(res, 400, {
        timestamp: new Date().toISOString(),
        status: 400,
        error: 'Bad Request',
        message: "Required parameter 'dataId' is not present.",
        path: `/nacos${req.path}`,
      });
    }
    this.hits.set(req.path, (this.hits.get(req.path) ?? 0) + 1);
    this.requestUrls.push(raw.url ?? '');
    if (this.requestUrls.length > 1000) this.requestUrls.shift();
    const v3 = this.mode.startsWith('3');
    const isV1 = req.path.startsWith('/v1/');
    if ((isV1 || req.path.startsWith('/v2/')) && this.mode === '3.2') {
      return sendJson(res, 404, {
        timestamp: new Date().toISOString(),
        status: 404,
        error: 'Not Found',
        path: `/nacos${req.path}`,
      });
    }
    if (req.path.startsWith('/v2/') && v3) return this.deprecated(res);
    const deprecated = () => this.deprecated(res);
    switch (req.path) {
      case '/v1/auth/login':
      case '/v1/auth/users/login':
      case '/v3/auth/user/login':
        if (req.path.startsWith('/v3') && !v3) break;
        return this.login(req, res);
      case '/v1/console/server/state':
        return v3 ? deprecated() : sendJson(res, 200, this.stateMap());
      case '/v1/console/health/liveness':
      case '/v1/console/health/readiness':
        return v3 ? deprecated() : send(res, 200, 'OK');
      case '/v3/admin/core/state':
      case '/v3/admin/core/state/liveness':
      case '/v3/admin/core/state/readiness':
        if (!v3) break;
        return result(res, req.path.endsWith('/state') ? this.stateMap() : 'ok');
    }
    const secured = v3 && req.path.startsWith('/v3/admin/') ? true : this.options.auth === true;
    if (secured) {
      const problem = this.auth.check(req);
      if (problem) {
        return sendJson(res, 403, {
          timestamp: new Date().toISOString(),
          status: 403,
          error: 'Forbidden',
          message: problem,
          path: `/nacos${req.path}`,
        });
      }
    }
    switch (req.path) {
      case '/v1/cs/configs':
        return v1Configs(this.config, req, res, deprecated, !v3);
      case '/v1/cs/configs/listener':
        if (req.method !== 'POST') break;
        return this.listeners.handle(req, res);
      case '/v1/console/namespaces':
        return v3 ? deprecated() : this.v1Namespaces(req, res);
      case '/v3/admin/cs/config':
        if (!v3) break;
        return v3AdminConfig(this.config, req, res);
      case '/v3/admin/cs/config/list':
        if (!v3) break;
        return v3AdminList(this.config, req, res);
      case '/v3/client/cs/config':
        if (!v3) break;
        return v3ClientConfig(this.config, req, res);
      case '/v3/admin/core/namespace/list':
        if (!v3) break;
        return result(res, this.namespaceList());
      case '/v3/admin/core/namespace':
        if (!v3 || req.method !== 'POST') break;
        return this.v3CreateNamespace(req, res);
    }
    return sendJson(res, 404, { status: 404, error: 'Not Found', path: `/nacos${req.path}` });
  }

  private deprecated(res: Reply) {
    resultError(
      res,
      410,
      ERR.deprecated,
      'Current API will be deprecated, please use the v3 admin API instead.',
    );
  }

  private stateMap() {
    return {
      version: this.version,
      standalone_mode: 'standalone',
      function_mode: null,
      auth_enabled: String(!!this.options.auth),
    };
  }

  private login(req: Req, res: Reply) {
    const out = this.auth.login(param(req, 'username'), param(req, 'password'));
    if (!out) return send(res, 403, 'user not found!');
    res.setHeader('Authorization', `Bearer ${out.accessToken}`);
    return sendJson(res, 200, out);
  }

  private namespaceList() {
    const counts = new Map<string, number>();
    for (const r of this.state.rows.values()) counts.set(r.tenant, (counts.get(r.tenant) ?? 0) + 1);
    const def = this.mode.startsWith('3') ? 'public' : '';
    return [
      {
        namespace: def,
        namespaceShowName: 'public',
        namespaceDesc: 'Default Namespace',
        quota: 200,
        configCount: counts.get(def) ?? 0,
        type: 0,
      },
      ...[...this.namespaces].map(([id, n]) => ({
        namespace: id,
        namespaceShowName: n.name,
        namespaceDesc: n.desc,
        quota: 200,
        configCount: counts.get(id) ?? 0,
        type: 2,
      })),
    ];
  }

  private validNamespace(id: string, name: string): boolean {
    return /^[\w-]+$/.test(id) && id.length <= 128 && !this.namespaces.has(id) && !/[@#$%^&*]/.test(name);
  }

  private v1Namespaces(req: Req, res: Reply) {
    if (req.method === 'GET')
      return sendJson(res, 200, { code: 200, message: null, data: this.namespaceList() });
    if (req.method !== 'POST') return send(res, 405, 'Method Not Allowed');
    const id = param(req, 'customNamespaceId') || crypto.randomUUID();
    const name = param(req, 'namespaceName') ?? '';
    if (!this.validNamespace(id, name)) return send(res, 200, 'false', 'application/json;charset=UTF-8');
    this.namespaces.set(id, { name, desc: param(req, 'namespaceDesc') ?? '' });
    return send(res, 200, 'true', 'application/json;charset=UTF-8');
  }

  private v3CreateNamespace(req: Req, res: Reply) {
    const id = param(req, 'namespaceId') || crypto.randomUUID();
    const name = param(req, 'namespaceName') ?? '';
    if (!this.validNamespace(id, name))
      return resultError(res, 400, ERR.illegalNamespace, `illegal namespace ${id}`);
    this.namespaces.set(id, { name, desc: param(req, 'namespaceDesc') ?? '' });
    return result(res, true);
  }
}

export async function startNacosTestServer(options: NacosTestServerOptions = {}): Promise<NacosTestServer> {
  return new NacosTestServer(options).start();
}
