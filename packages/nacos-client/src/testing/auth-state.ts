/**
 * Users and tokens of the Nacos test server (auth mode), after the default auth plugin of
 * alibaba/nacos (UserController login, NacosAuthPluginService token lookup: header first, then
 * parameter, then the username/password parameter fallback).
 */
import { randomBytes } from 'node:crypto';
import { header, param, type Req } from './http-kit.js';

export class AuthState {
  private readonly tokens = new Map<string, { username: string; expiresAt: number }>();
  logins = 0;

  constructor(
    readonly users: Record<string, string>,
    public tokenTtlMs: number,
  ) {}

  login(username: string | undefined, password: string | undefined) {
    if (username === undefined || this.users[username] === undefined || this.users[username] !== password) {
      return undefined;
    }
    this.logins++;
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, { username, expiresAt: Date.now() + this.tokenTtlMs });
    return {
      accessToken,
      tokenTtl: Math.max(1, Math.round(this.tokenTtlMs / 1000)),
      globalAdmin: username === 'nacos',
      username,
    };
  }

  /** undefined when authorized, else the AuthFilter message. */
  check(req: Req): string | undefined {
    const bearer = /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
    const token = header(req, 'accesstoken') ?? bearer ?? param(req, 'accessToken');
    if (token) {
      const t = this.tokens.get(token);
      if (!t) return 'token invalid!';
      if (t.expiresAt < Date.now()) return 'token expired!';
      return undefined;
    }
    const user = param(req, 'username');
    if (user !== undefined && this.users[user] === param(req, 'password')) return undefined;
    return 'user not found!';
  }
}
