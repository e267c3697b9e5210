import { NacosError } from './errors.js';
import type { Transport } from './transport.js';

/**
 * Token login and refresh. Credentials travel only in POST bodies (never in URLs); the token is
 * sent as the `accessToken` header plus `Authorization: Bearer`, both of which Nacos accepts
 * (NacosAuthPluginService / HttpIdentityContextBuilder). The token is renewed at 90 % of its TTL
 * and after any 403, like NacosClientAuthServiceImpl in the Java client.
 */
export class TokenManager {
  private token: string | undefined;
  private refreshAt = 0;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly credentials: { username: string; password: string } | undefined,
    /** `/v1/auth/login` on 1.x–3.1, `/v3/auth/user/login` once v1 is gone. */
    public loginPath: string,
  ) {}

  get enabled(): boolean {
    return this.credentials !== undefined;
  }

  /** Headers carrying a valid token, logging in first when needed; empty without credentials. */
  async headers(): Promise<Record<string, string>> {
    if (!this.credentials) return {};
    const token = this.token !== undefined && Date.now() < this.refreshAt ? this.token : await this.login();
    return { accessToken: token, authorization: `Bearer ${token}` };
  }

  /** Forgets the token so the next request logs in again (after a 403). */
  invalidate(): void {
    this.token = undefined;
  }

  private login(): Promise<string> {
    this.pending ??= this.doLogin().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async doLogin(): Promise<string> {
    const creds = this.credentials!;
    const operation = `login as ${creds.username}`;
    const res = await this.transport.send({
      operation,
      method: 'POST',
      path: this.loginPath,
      form: { username: creds.username, password: creds.password },
      retry: 'idempotent',
    });
    if (res.status !== 200) {
      const kind = res.status === 403 || res.status === 401 ? 'Forbidden' : 'Server';
      throw new NacosError(kind, operation, `HTTP ${res.status}: ${res.body.slice(0, 200)}`, {
        status: res.status,
        path: this.loginPath,
        body: res.body,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch (cause) {
      throw new NacosError('Server', operation, 'login answer is not JSON', { body: res.body, cause });
    }
    const rec = (parsed ?? {}) as { accessToken?: unknown; tokenTtl?: unknown; data?: unknown };
    const data = (typeof rec.data === 'object' && rec.data !== null ? rec.data : rec) as typeof rec;
    if (typeof data.accessToken !== 'string') {
      throw new NacosError('Server', operation, 'login answer has no accessToken', { body: res.body });
    }
    const ttlSeconds = typeof data.tokenTtl === 'number' && data.tokenTtl > 0 ? data.tokenTtl : 18000;
    this.token = data.accessToken;
    this.refreshAt = Date.now() + ttlSeconds * 900;
    return data.accessToken;
  }
}
