import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, createLeaf, type TestCert } from '../test-helpers/certs.js';
import { clientCertAuthenticator, peerCertificateFromTls } from './client-cert.js';
import { AuthenticationError, type PeerCertificateInfo } from './types.js';

/**
 * A real TLS server configured as the API server will be (requestCert, rejectUnauthorized: false,
 * client CA) reports each handshake's peer certificate through peerCertificateFromTls.
 */
describe('client certificate authentication over real TLS', () => {
  const ca = createCa('client-ca');
  const otherCa = createCa('other-ca');
  const server = createLeaf(ca, { cn: 'apiserver', serverAuth: true, ip: '127.0.0.1' });
  const seen: Array<PeerCertificateInfo | undefined> = [];
  const tlsServer = createServer(
    {
      cert: server.certPem,
      key: server.keyPem,
      ca: ca.certPem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (socket: TLSSocket) => {
      seen.push(
        peerCertificateFromTls(socket.getPeerCertificate(true), socket.authorized, socket.authorizationError),
      );
      socket.end('ok');
    },
  );
  let port = 0;

  beforeAll(async () => {
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    port = (tlsServer.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => tlsServer.close(() => resolve())));

  async function handshake(client?: TestCert): Promise<PeerCertificateInfo | undefined> {
    const before = seen.length;
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: ca.certPem,
      ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
    });
    socket.resume();
    await once(socket, 'end');
    socket.destroy();
    expect(seen.length).toBe(before + 1);
    return seen[before];
  }

  const authn = clientCertAuthenticator();

  it('maps CN to the user and O values to groups', async () => {
    const cert = await handshake(
      createLeaf(ca, { cn: 'alice', orgs: ['devs', 'system:masters'], clientAuth: true }),
    );
    expect(cert?.verified).toBe(true);
    expect(cert?.raw?.length).toBeGreaterThan(100);
    await expect(authn.authenticate({ headers: {}, peerCertificate: cert })).resolves.toEqual({
      username: 'alice',
      groups: ['devs', 'system:masters'],
    });
  });

  it('a single O becomes a one-element group list', async () => {
    const cert = await handshake(
      createLeaf(ca, { cn: 'higress', orgs: ['system:masters'], clientAuth: true }),
    );
    await expect(authn.authenticate({ headers: {}, peerCertificate: cert })).resolves.toEqual({
      username: 'higress',
      groups: ['system:masters'],
    });
  });

  it('no client certificate → no opinion', async () => {
    const cert = await handshake();
    expect(cert).toBeUndefined();
    await expect(authn.authenticate({ headers: {}, peerCertificate: cert })).resolves.toBeUndefined();
  });

  it('a certificate from another CA is rejected', async () => {
    const cert = await handshake(
      createLeaf(otherCa, { cn: 'mallory', orgs: ['system:masters'], clientAuth: true }),
    );
    expect(cert?.verified).toBe(false);
    await expect(authn.authenticate({ headers: {}, peerCertificate: cert })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('a CA-signed certificate without clientAuth usage is rejected', async () => {
    const cert = await handshake(createLeaf(ca, { cn: 'server-cert', serverAuth: true }));
    expect(cert?.verified).toBe(false);
    // OpenSSL itself reports the wrong purpose during verification
    await expect(authn.authenticate({ headers: {}, peerCertificate: cert })).rejects.toThrow(
      /INVALID_PURPOSE/,
    );
  });

  it('a verified certificate without CN gives no opinion', async () => {
    const cert = await handshake(createLeaf(ca, { orgs: ['devs'], clientAuth: true }));
    expect(cert?.verified).toBe(true);
    await expect(authn.authenticate({ headers: {}, peerCertificate: cert })).resolves.toBeUndefined();
  });
});

describe('peerCertificateFromTls', () => {
  it('refuses an authorized certificate whose extended key usage excludes clientAuth', () => {
    const info = peerCertificateFromTls(
      { subject: { CN: 'x', O: 'g' }, ext_key_usage: ['1.3.6.1.5.5.7.3.1'] } as never,
      true,
    );
    expect(info).toMatchObject({ commonName: 'x', organizations: ['g'], verified: false });
    expect(info?.verificationError).toMatch(/key usage/);
  });

  it('accepts an authorized certificate without an extended key usage extension', () => {
    expect(peerCertificateFromTls({ subject: { CN: 'x', O: ['a', 'b'] } } as never, true)).toEqual({
      commonName: 'x',
      organizations: ['a', 'b'],
      verified: true,
    });
  });

  it('treats the empty object Node returns without a client certificate as none', () => {
    expect(peerCertificateFromTls({}, false)).toBeUndefined();
  });
});
