/** What the authenticators see of a Fastify request: its TLS peer certificate and URL path. */
import type { TLSSocket } from 'node:tls';
import { type PeerCertificateInfo, peerCertificateFromTls } from '@hs/security';
import type { FastifyRequest } from 'fastify';

/**
 * The peer certificate of each connection (an HTTP/1.1 TLS socket, or an HTTP/2 session), read
 * once: `getPeerCertificate(true)` converts the whole chain into objects on every call, which cost
 * a tenth of the server's CPU on a stream of small requests. A connection's certificate cannot
 * change after its handshake: the server refuses renegotiation (start-server.ts), as Go's
 * crypto/tls server, and TLS 1.3 has none.
 */
const peers = new WeakMap<object, PeerCertificateInfo | undefined>();

/** The TLS client certificate of the connection, or undefined on plain HTTP. */
export function peerOf(request: FastifyRequest): PeerCertificateInfo | undefined {
  const socket = request.raw.socket as Partial<TLSSocket> | undefined;
  if (!socket || typeof socket.getPeerCertificate !== 'function') return undefined;
  // HTTP/2 hands each stream a proxy of its own; the session is the connection.
  const connection = (request.raw as { stream?: { session?: object } }).stream?.session ?? socket;
  if (peers.has(connection)) return peers.get(connection);
  const info = peerCertificateFromTls(
    socket.getPeerCertificate(true),
    socket.authorized ?? false,
    socket.authorizationError as Error | string | undefined,
  );
  if (info) Object.freeze(info);
  peers.set(connection, info);
  return info;
}

export const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};
