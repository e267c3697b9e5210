import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { contentTypeFor } from './content-type.js';

export interface FileServerOptions {
  /** Directory to publish; only regular files beneath it are served. */
  root: string;
  /** Default 3000 (the compose port of higress-standalone's original fileserver). 0 picks a free port. */
  port?: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** One line per request. */
  log?: (line: string) => void;
}

export interface RunningFileServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string | Buffer };

const text = (status: number, body: string, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  body: `${body}\n`,
});

/**
 * Resolves a request path to a file under `root`, or an error answer. Every segment is decoded and
 * checked before anything touches the disk ('..', '.', encoded slashes and NUL are refused), and
 * the real path (after symlinks) must still lie under the root.
 */
async function resolveFile(root: string, rawPath: string): Promise<string | Answer> {
  const segments: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return text(400, 'malformed path');
    }
    if (seg === '..' || seg === '.' || seg.includes('/') || seg.includes('\\') || seg.includes('\0')) {
      return text(403, 'path traversal refused');
    }
    if (seg !== '') segments.push(seg);
  }
  const realRoot = await realpath(root);
  let real: string;
  try {
    real = await realpath(join(realRoot, ...segments));
  } catch {
    return text(404, 'not found');
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return text(404, 'not found');
  return real;
}

/** RFC 9110 §13.1.2: weak comparison of an If-None-Match list against our entity tag. */
function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

async function answer(root: string, req: IncomingMessage): Promise<Answer> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return text(405, 'method not allowed', { allow: 'GET, HEAD' });
  }
  const rawPath = (req.url ?? '/').split('?')[0]!;
  if (rawPath === '/healthz') return text(200, 'ok');
  const resolved = await resolveFile(root, rawPath);
  if (typeof resolved !== 'string') return resolved;
  const st = await stat(resolved);
  if (!st.isFile()) return text(404, 'not found'); // no directory listings
  // Read on every request: a rotated JWKS is served at once, with a new ETag.
  const body = await readFile(resolved);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000);
  const headers: Record<string, string> = {
    'content-type': contentTypeFor(resolved),
    etag,
    'last-modified': lastModified.toUTCString(),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  if (
    inm !== undefined
      ? etagMatches(inm, etag)
      : ims !== undefined && Date.parse(ims) >= lastModified.getTime()
  ) {
    return { status: 304, headers };
  }
  return { status: 200, headers, body };
}

/**
 * A read-only static file server over plain HTTP (Pilot's `jwks_uri` may be http://). It serves
 * `/.well-known/jwks.json` and any other file under `root`, replacing the busybox httpd of
 * higress-standalone's first fileserver (compose/fileServer/Dockerfile @5cb6fd8).
 */
export async function startFileServer(options: FileServerOptions): Promise<RunningFileServer> {
  const root = options.root;
  await realpath(root); // fail fast if the root does not exist
  const server = createServer((req, res: ServerResponse) => {
    answer(root, req)
      .catch((err: unknown) => text(500, `internal error: ${(err as Error).message}`))
      .then((a) => {
        const body = a.body ?? '';
        const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
        res.writeHead(a.status, {
          ...a.headers,
          ...(a.status === 304 ? {} : { 'content-length': String(length) }),
        });
        res.end(req.method === 'HEAD' || a.status === 304 ? undefined : body);
        options.log?.(`${req.method} ${req.url} ${a.status}`);
      });
  });
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
