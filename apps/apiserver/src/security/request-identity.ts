/** What the authenticators see of a Fastify request: its TLS peer certificate and URL path. */
import type { TLSSocket } from 'node:tls';
import { peerCertificateFromTls } from '@hs/security';
import type { FastifyRequest } from 'fastify';

/** The TLS client certificate of the connection, or undefined on plain HTTP. */
export function peerOf(request: FastifyRequest) {
  const socket = request.raw.socket as Partial<TLSSocket> | undefined;
  if (!socket || typeof socket.getPeerCertificate !== 'function') return undefined;
  return peerCertificateFromTls(
    socket.getPeerCertificate(true),
    socket.authorized ?? false,
    socket.authorizationError as Error | string | undefined,
  );
}

export const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};
