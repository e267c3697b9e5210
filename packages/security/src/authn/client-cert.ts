/**
 * Client-certificate authentication, following k8s.io/apiserver/pkg/authentication/request/x509
 * (x509.go): the subject CN is the user name, the subject O values are the groups. The chain is
 * verified by the TLS layer (Node `requestCert: true, rejectUnauthorized: false` with the client CA
 * as `ca`), which reports the outcome as `socket.authorized`; this module only reads that outcome.
 */
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';
import { AuthenticationError, type Authenticator, type PeerCertificateInfo } from './types.js';

const CLIENT_AUTH_EKU = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';

const values = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/**
 * Converts what Node's `tlsSocket.getPeerCertificate()` returns (an empty object when the client
 * sent none) plus `socket.authorized` / `socket.authorizationError` into a `PeerCertificateInfo`.
 * Multi-valued subject fields (several O=) arrive from Node as arrays. Like Go's x509 verification
 * with ExtKeyUsageClientAuth, a certificate whose extended key usage excludes clientAuth is not
 * accepted as verified.
 */
export function peerCertificateFromTls(
  cert: PeerCertificate | DetailedPeerCertificate | Record<string, never> | null | undefined,
  authorized: boolean,
  authorizationError?: Error | string | null,
): PeerCertificateInfo | undefined {
  if (!cert || !('subject' in cert) || !cert.subject) return undefined;
  const subject = cert.subject as unknown as Record<string, unknown>;
  const commonName = values(subject.CN)[0];
  const eku = 'ext_key_usage' in cert && Array.isArray(cert.ext_key_usage) ? cert.ext_key_usage : undefined;
  const ekuAllowsClient = eku === undefined || eku.includes(CLIENT_AUTH_EKU) || eku.includes(ANY_EKU);
  const verified = authorized && ekuAllowsClient;
  let verificationError: string | undefined;
  if (!authorized) verificationError = authorizationError ? String(authorizationError) : 'not verified';
  else if (!ekuAllowsClient) verificationError = 'certificate specifies an incompatible key usage';
  return {
    ...(commonName !== undefined ? { commonName } : {}),
    organizations: values(subject.O),
    ...(cert.raw ? { raw: new Uint8Array(cert.raw) } : {}),
    verified,
    ...(verificationError ? { verificationError } : {}),
  };
}

/**
 * No certificate → no opinion. A certificate that failed verification → AuthenticationError (the
 * union goes on to other authenticators, as upstream). A verified certificate without CN → no
 * opinion (upstream CommonNameUserConversion).
 */
export function clientCertAuthenticator(): Authenticator {
  return {
    async authenticate(request) {
      const cert = request.peerCertificate;
      if (!cert) return undefined;
      if (!cert.verified) {
        throw new AuthenticationError(
          `verifying client certificate failed: ${cert.verificationError ?? 'not verified'}`,
        );
      }
      if (!cert.commonName) return undefined;
      return { username: cert.commonName, groups: [...cert.organizations] };
    },
  };
}
