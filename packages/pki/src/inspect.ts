import { type KeyObject, X509Certificate } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** Thrown for certificate files that cannot be read as PEM certificates. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Parses every certificate of a PEM bundle, leaf first; throws CertificateError naming `label`. */
export function parseCertificates(pem: string, label = 'certificate'): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new CertificateError(`${label} holds no PEM certificate`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new CertificateError(`${label}: certificate #${i + 1} is unreadable (${(err as Error).message})`);
    }
  });
}

export interface CertificateExpectations {
  /** The private key the certificate must belong to. */
  key?: KeyObject;
  /** The certificate that must have signed it. */
  issuer?: X509Certificate;
  /** Whether it must (true) or must not (false) be a CA. */
  ca?: boolean;
  /** Exact subjectAltName set. */
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  uris?: readonly string[];
  /** Exact subject, as node prints it (e.g. "O=system:masters\nCN=admin"). */
  subject?: string;
  now?: Date;
  /** A certificate expiring sooner than this is reported as due for renewal. */
  renewBeforeDays?: number;
}

/**
 * Lists every way a certificate falls short of what is expected, in words fit for an operator
 * (empty list = fine). Used by the initializer to keep valid certificates and repair the rest.
 */
export function certificateProblems(cert: X509Certificate, expect: CertificateExpectations): string[] {
  const problems: string[] = [];
  const now = expect.now ?? new Date();
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() <= now.getTime()) problems.push(`expired on ${notAfter.toISOString()}`);
  else if (expect.renewBeforeDays !== undefined) {
    const renewAt = notAfter.getTime() - expect.renewBeforeDays * 86_400_000;
    if (renewAt <= now.getTime()) problems.push(`expires soon (${notAfter.toISOString()})`);
  }
  if (new Date(cert.validFrom).getTime() > now.getTime() + 60_000) problems.push('is not yet valid');
  if (expect.key && !cert.checkPrivateKey(expect.key)) problems.push('does not match its private key');
  if (expect.issuer) {
    if (!cert.verify(expect.issuer.publicKey) || !cert.checkIssued(expect.issuer)) {
      problems.push(`was not issued by ${oneLine(expect.issuer.subject)}`);
    }
  }
  if (expect.ca !== undefined && cert.ca !== expect.ca) {
    problems.push(expect.ca ? 'is not a CA certificate' : 'is a CA certificate');
  }
  if (expect.subject !== undefined && cert.subject !== expect.subject) {
    problems.push(`has subject "${oneLine(cert.subject)}" instead of "${oneLine(expect.subject)}"`);
  }
  if (expect.dnsNames || expect.ipAddresses || expect.uris) {
    const want = subjectAltNames(expect.dnsNames, expect.ipAddresses, expect.uris);
    const have = parseSubjectAltNames(cert.subjectAltName);
    if (want.join(',') !== have.join(',')) {
      problems.push(`has SANs [${have.join(', ')}] instead of [${want.join(', ')}]`);
    }
  }
  return problems;
}

/** Sorted SAN strings in node's notation ("DNS:x", "IP Address:1.2.3.4", "URI:spiffe://…"). */
export function subjectAltNames(
  dnsNames: readonly string[] = [],
  ipAddresses: readonly string[] = [],
  uris: readonly string[] = [],
): string[] {
  return [
    ...dnsNames.map((d) => `DNS:${d}`),
    ...ipAddresses.map((ip) => `IP Address:${canonicalIp(ip)}`),
    ...uris.map((u) => `URI:${u}`),
  ].sort();
}

export function parseSubjectAltNames(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith('IP Address:') ? `IP Address:${canonicalIp(s.slice(11))}` : s))
    .sort();
}

/**
 * One spelling per address, so a SAN written as `::1` compares equal to the
 * `0:0:0:0:0:0:0:1` node prints: IPv6 expanded to eight lower-case groups without leading zeros.
 */
export function canonicalIp(ip: string): string {
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  let text = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16).toString(16)).join(':');
}

function oneLine(name: string): string {
  return name.split('\n').join(', ');
}
