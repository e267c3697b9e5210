/** A small HTTPS (HTTP/1.1) JSON client for tests: CA-verified, with a client certificate or a bearer token. */
import { request } from 'node:https';

export interface Credentials {
  ca: string;
  cert?: string | undefined;
  key?: string | undefined;
  token?: string | undefined;
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): Record<string, unknown>;
}

export function httpsJson(
  url: string,
  credentials: Credentials,
  init: { method?: string; body?: unknown; contentType?: string; headers?: Record<string, string> } = {},
): Promise<HttpsAnswer> {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        ca: credentials.ca,
        ...(credentials.cert ? { cert: credentials.cert, key: credentials.key } : {}),
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': init.contentType ?? 'application/json' } : {}),
          ...(credentials.token ? { authorization: `Bearer ${credentials.token}` } : {}),
          ...init.headers,
        },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          body += d;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
