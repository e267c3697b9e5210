/**
 * Connection time limits, so a stalled or slow client (slowloris) cannot hold a connection:
 * HTTP/1.1 servers use Node's own headersTimeout / requestTimeout / keepAliveTimeout, and every
 * server gets a guard here (Node checks neither silent connections nor the HTTP/1.1 fallback of
 * its HTTP/2 server): a connection must deliver a complete request head within
 * `headersTimeoutMs` of opening, and one that has no request in progress is closed after
 * `keepAliveTimeoutMs` (Go's
 * http.Server ReadHeaderTimeout / IdleTimeout, as kube-apiserver sets them in
 * k8s.io/apiserver/pkg/server/secure_serving.go). Open watches are requests in progress, so quiet
 * watches are never cut.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Http2SecureServer, Http2ServerRequest, Http2Session } from 'node:http2';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** A request head must be complete this long after the connection opened (default 32 s). */
  headersTimeoutMs: number;
  /** The whole request (head and body) must arrive within this (default 60 s; 0 = none). */
  requestTimeoutMs: number;
  /** An idle connection (no request in progress) is closed after this (default 90 s). */
  keepAliveTimeoutMs: number;
  /** How often Node checks HTTP/1.1 timeouts (default 1 s). */
  checkIntervalMs: number;
  /** TLS handshake limit (default 10 s). */
  handshakeTimeoutMs: number;
  /** Request header bytes (default 64 KiB; HTTP/2: the header list size). */
  maxHeaderSize: number;
  /** Concurrent streams per HTTP/2 connection (kube-apiserver --http2-max-streams-per-connection: 1000). */
  http2MaxConcurrentStreams: number;
  http2MaxSessionMemoryMb: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 32_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 90_000,
  checkIntervalMs: 1_000,
  handshakeTimeoutMs: 10_000,
  maxHeaderSize: 64 * 1024,
  http2MaxConcurrentStreams: 1000,
  http2MaxSessionMemoryMb: 10,
};

export function resolveConnectionLimits(given: Partial<ConnectionLimits> | undefined): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...given };
  // Node refuses a headersTimeout above a non-zero requestTimeout.
  if (limits.requestTimeoutMs > 0 && limits.headersTimeoutMs > limits.requestTimeoutMs) {
    limits.requestTimeoutMs = limits.headersTimeoutMs;
  }
  return limits;
}

/** Closes `target` unless disarmed in time; re-armable. */
function deadline(close: () => void) {
  let timer: NodeJS.Timeout | undefined;
  return {
    arm(ms: number) {
      clearTimeout(timer);
      if (ms > 0) timer = setTimeout(close, ms).unref();
    },
    disarm() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

function guardHttp1Sockets(server: Http2SecureServer | HttpServer, event: string, limits: ConnectionLimits) {
  const inFlight = new WeakMap<Socket, number>();
  const timers = new WeakMap<Socket, ReturnType<typeof deadline>>();
  server.on(event, (socket: Socket & { alpnProtocol?: string | false }) => {
    if (socket.alpnProtocol === 'h2') return; // guarded per session
    const d = deadline(() => socket.destroy());
    timers.set(socket, d);
    d.arm(limits.headersTimeoutMs);
    socket.once('close', () => d.disarm());
  });
  server.on('request', (req: IncomingMessage | Http2ServerRequest, res: ServerResponse) => {
    if ('stream' in req) return; // HTTP/2: see guardSessions
    const socket = req.socket;
    const d = timers.get(socket);
    if (!d) return;
    d.disarm();
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const n = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, n);
      if (n === 0) d.arm(limits.keepAliveTimeoutMs);
    });
  });
}

function guardSessions(server: Http2SecureServer, limits: ConnectionLimits) {
  server.on('session', (session: Http2Session) => {
    const d = deadline(() => session.close());
    let open = 0;
    d.arm(limits.headersTimeoutMs);
    session.on('stream', (stream) => {
      open++;
      d.disarm();
      stream.once('close', () => {
        open--;
        if (open === 0 && !session.closed) d.arm(limits.keepAliveTimeoutMs);
      });
    });
    session.once('close', () => d.disarm());
  });
}

/**
 * Installs the guard. Node's own HTTP/1.1 checks only start with a connection's first byte, so a
 * connection that never sends anything is covered here for every server kind.
 */
export function guardConnections(server: unknown, limits: ConnectionLimits, secure: boolean): void {
  const s = server as Http2SecureServer | HttpServer;
  guardHttp1Sockets(s, secure ? 'secureConnection' : 'connection', limits);
  if (!isHttp2(s)) return;
  (s as unknown as { keepAliveTimeout: number }).keepAliveTimeout = limits.keepAliveTimeoutMs;
  guardSessions(s, limits);
}

const isHttp2 = (s: object): s is Http2SecureServer => 'updateSettings' in s;
