import type { AddressInfo, Server as NodeServer, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyServerOptions } from 'fastify';
import { buildServer, type ServerOptions } from './server.js';
import { certificateChecks } from './transport/certificate-checks.js';
import {
  type ConnectionLimits,
  guardConnections,
  resolveConnectionLimits,
} from './transport/connection-limits.js';

export interface TlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  /** CA bundle for client certificates; when given, client certificates are requested (not required). */
  ca?: string | Buffer | undefined;
  /** HTTP/2 over ALPN with an HTTP/1.1 fallback (as kube-apiserver). Default true. */
  http2?: boolean | undefined;
}

export interface StartOptions extends ServerOptions {
  port: number;
  host?: string | undefined;
  tls?: TlsOptions | undefined;
  /** Time limits and header size caps of the connections (defaults in connection-limits.ts). */
  connectionLimits?: Partial<ConnectionLimits> | undefined;
}

export interface StartedServer {
  /** `http(s)://host:port` of the listening socket (the real port when 0 was asked). */
  url: string;
  /** Swaps the serving certificate (and client CA) for new connections; running ones keep theirs. */
  reloadTls(tls: Omit<TlsOptions, 'http2'>): void;
  close(): Promise<void>;
}

const secureContextOf = (tls: Omit<TlsOptions, 'http2'>) => ({
  cert: tls.cert,
  key: tls.key,
  ...(tls.ca ? { ca: tls.ca } : {}),
});

/** Fastify options for the transport: HTTPS (HTTP/2 + HTTP/1.1) or plain HTTP/1.1, with limits. */
function transportOptions(
  tls: TlsOptions | undefined,
  limits: ConnectionLimits,
): Partial<FastifyServerOptions> {
  const http1 = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
    maxHeaderSize: limits.maxHeaderSize,
  };
  const common = {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };
  if (!tls) return { ...common, http: http1 } as Partial<FastifyServerOptions>;
  const https = {
    ...secureContextOf(tls),
    // TLS 1.2 and 1.3 only, as kube-apiserver's default --tls-min-version (VersionTLS12), whatever
    // node's --tls-min-v1.x flags say.
    minVersion: 'TLSv1.2',
    handshakeTimeout: limits.handshakeTimeoutMs,
    ...(tls.ca ? { requestCert: true, rejectUnauthorized: false } : {}),
  };
  if (tls.http2 === false)
    return { ...common, https: { ...https, ...http1 } } as Partial<FastifyServerOptions>;
  return {
    ...common,
    http2: true,
    // Idle sessions (no open stream) are closed by the connection guard, not by this timer, which
    // would also end quiet watches.
    http2SessionTimeout: 0,
    https: {
      ...https,
      allowHTTP1: true,
      maxSessionMemory: limits.http2MaxSessionMemoryMb,
      settings: {
        maxConcurrentStreams: limits.http2MaxConcurrentStreams,
        maxHeaderListSize: limits.maxHeaderSize,
      },
      maxHeaderListPairs: 256,
    },
  } as Partial<FastifyServerOptions>;
}

/** Builds the server and listens; HTTPS when `tls` is given (HTTP/2 with HTTP/1.1 fallback). */
export async function startServer(options: StartOptions): Promise<StartedServer> {
  const { port, host = '127.0.0.1', tls, connectionLimits, ...rest } = options;
  const limits = resolveConnectionLimits(connectionLimits);
  // What new connections get; `/readyz` reports its expiry.
  let served: Omit<TlsOptions, 'http2'> | undefined = tls;
  const app = await buildServer({
    ...rest,
    readyChecks: [
      ...(rest.readyChecks ?? []),
      ...(served ? certificateChecks(() => served as Omit<TlsOptions, 'http2'>) : []),
    ],
    serverFactoryOptions: { ...transportOptions(tls, limits), ...(rest.serverFactoryOptions ?? {}) },
  });
  guardConnections(app.server, limits, Boolean(tls));
  // No TLS 1.2 renegotiation, as Go's crypto/tls server (kube-apiserver): a connection keeps the
  // client certificate of its handshake, which request-identity.ts reads once per connection.
  if (tls) app.server.on('secureConnection', (socket: TLSSocket) => socket.disableRenegotiation());
  const sockets = trackSockets(app.server);
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? 'https' : 'http'}://${hostPart}:${address.port}`,
    reloadTls: (next) => {
      const server = app.server as unknown as { setSecureContext?: (o: object) => void };
      if (!tls || !server.setSecureContext) throw new Error('the server does not serve TLS');
      server.setSecureContext(secureContextOf(next));
      served = next;
    },
    close: async () => {
      // Requests in flight get a moment to finish; watches never would (clients re-watch from
      // their last resourceVersion, as from a kube-apiserver that shuts down).
      const closing = app.close();
      const timer = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, CLOSE_GRACE_MS);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const CLOSE_GRACE_MS = 500;

/** Every open connection of the server, so that close can end long-running requests. */
function trackSockets(server: NodeServer): Set<Socket> {
  const sockets = new Set<Socket>();
  const add = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  server.on('connection', add);
  return sockets;
}
