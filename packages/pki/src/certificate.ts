import { createHash, type KeyObject, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import forge from 'node-forge';
import { canonicalIp } from './inspect.js';
import { publicKeyDer } from './keys.js';

const { asn1 } = forge;

/** Present in node-forge's x509 module, missing from @types/node-forge. */
interface ForgeTbs {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
}

/** Subject attributes by short name, written in the order C, ST, L, O, OU, CN, emailAddress. */
export interface DistinguishedName {
  C?: string;
  ST?: string;
  L?: string;
  O?: string | readonly string[];
  OU?: string;
  CN: string;
  emailAddress?: string;
}

export type KeyUsage = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';
export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

export interface CertificateSpec {
  subject: DistinguishedName;
  /** The subject's key; for a self-signed certificate it must be the private key. */
  subjectKey: KeyObject;
  /** Absent → self-signed with `subjectKey`. */
  issuer?: { certificatePem: string; key: KeyObject };
  validityDays: number;
  /** Present → basicConstraints CA:TRUE (critical), with an optional pathLenConstraint. */
  ca?: { pathLength?: number };
  keyUsage: readonly KeyUsage[];
  extendedKeyUsage?: readonly ExtendedKeyUsage[];
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  uris?: readonly string[];
  now?: Date;
}

const SIG_ALG = {
  rsa: { oid: '1.2.840.113549.1.1.11', nullParams: true }, // sha256WithRSAEncryption
  ec: { oid: '1.2.840.10045.4.3.2', nullParams: false }, // ecdsa-with-SHA256 (RFC 5758: no parameters)
} as const;

/** Clock-skew allowance: certificates are valid from a few minutes before issuance. */
const BACKDATE_MS = 5 * 60 * 1000;

/**
 * Builds and signs an X.509 v3 certificate. node-forge lays out the TBSCertificate (names,
 * validity, extensions); the SubjectPublicKeyInfo comes from node:crypto's DER export and the
 * signature from node:crypto, so RSA and ECDSA keys take the same path and signing is native.
 * Returns the certificate PEM.
 */
export function issueCertificate(spec: CertificateSpec): string {
  const now = spec.now ?? new Date();
  const signer = spec.issuer?.key ?? spec.subjectKey;
  if (signer.type !== 'private') throw new Error('the signing key must be a private key');
  const alg = SIG_ALG[signer.asymmetricKeyType === 'ec' ? 'ec' : 'rsa'];
  const spkiDer = publicKeyDer(spec.subjectKey);
  const issuerSpki = spec.issuer
    ? publicKeyDer(new X509Certificate(spec.issuer.certificatePem).publicKey)
    : spkiDer;

  const cert = forge.pki.createCertificate();
  // Placeholder key: forge only serialises RSA keys; the real SPKI replaces it below.
  cert.publicKey = forge.pki.setRsaPublicKey(new forge.jsbn.BigInteger('3'), new forge.jsbn.BigInteger('3'));
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(now.getTime() + spec.validityDays * 86_400_000);
  const attrs = nameAttributes(spec.subject);
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions(extensions(spec, keyIdentifier(spkiDer), keyIdentifier(issuerSpki)));

  // Placeholder algorithm for forge's serialiser; replaced below with the real one.
  (cert as unknown as { siginfo: { algorithmOid: string } }).siginfo.algorithmOid = SIG_ALG.rsa.oid;
  const tbs = (forge.pki as unknown as ForgeTbs).getTBSCertificate(cert);
  const fields = tbs.value as forge.asn1.Asn1[];
  fields[2] = algorithmIdentifier(alg.oid, alg.nullParams);
  if (spec.issuer) fields[3] = subjectNameOf(spec.issuer.certificatePem);
  fields[6] = asn1.fromDer(forge.util.createBuffer(spkiDer.toString('binary')));
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, signer);

  const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    algorithmIdentifier(alg.oid, alg.nullParams),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\u0000' + signature.toString('binary')),
  ]);
  const der = asn1.toDer(certificate).getBytes();
  return forge.pem.encode({ type: 'CERTIFICATE', body: der }, { maxline: 64 }).replace(/\r\n/g, '\n');
}

/** The iPAddress SAN octets (RFC 5280 §4.2.1.6): 4 bytes for IPv4, 16 for IPv6. */
function ipBytes(ip: string): string {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number)).toString('binary');
  if (!isIPv6(ip)) throw new Error(`not an IP address: ${ip}`);
  const groups = canonicalIp(ip).split(':');
  return Buffer.from(
    groups.flatMap((g) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 0xff]),
  ).toString('binary');
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x10; // positive and without a leading zero byte
  return bytes.toString('hex');
}

/** X.680 PrintableString's repertoire; anything else in a name is encoded as UTF8String. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
/** node-forge reads `valueTagClass` as the ASN.1 string type; @types/node-forge calls it a Class. */
const stringType = (t: forge.asn1.Type) => t as unknown as forge.asn1.Class;

/**
 * Subject/issuer attributes with the string types RFC 5280 §4.1.2.4 and Appendix A ask for:
 * PrintableString where the value fits it, UTF8String otherwise, IA5String for emailAddress.
 * Go's crypto/x509 (Pilot, client-go) rejects a PrintableString holding `@` or `_`, which
 * node-forge would otherwise write.
 */
function nameAttributes(dn: DistinguishedName): forge.pki.CertificateField[] {
  const out: forge.pki.CertificateField[] = [];
  const push = (shortName: string, value: string | undefined) => {
    if (value === undefined) return;
    const type = PRINTABLE.test(value) ? forge.asn1.Type.PRINTABLESTRING : forge.asn1.Type.UTF8;
    out.push({ shortName, value, valueTagClass: stringType(type) });
  };
  push('C', dn.C);
  push('ST', dn.ST);
  push('L', dn.L);
  for (const o of typeof dn.O === 'string' ? [dn.O] : (dn.O ?? [])) push('O', o);
  push('OU', dn.OU);
  push('CN', dn.CN);
  if (dn.emailAddress !== undefined) {
    out.push({
      name: 'emailAddress',
      value: dn.emailAddress,
      valueTagClass: stringType(forge.asn1.Type.IA5STRING),
    });
  }
  return out;
}

function extensions(spec: CertificateSpec, ski: string, aki: string): object[] {
  const exts: object[] = [];
  exts.push(
    spec.ca
      ? {
          name: 'basicConstraints',
          cA: true,
          critical: true,
          ...(spec.ca.pathLength === undefined ? {} : { pathLenConstraint: spec.ca.pathLength }),
        }
      : { name: 'basicConstraints', cA: false, critical: true },
  );
  const usage: Record<string, unknown> = { name: 'keyUsage', critical: true };
  for (const u of spec.keyUsage) usage[u] = true;
  exts.push(usage);
  if (spec.extendedKeyUsage?.length) {
    const eku: Record<string, unknown> = { name: 'extKeyUsage' };
    for (const u of spec.extendedKeyUsage) eku[u] = true;
    exts.push(eku);
  }
  const altNames = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(spec.ipAddresses ?? []).map((ip) => ({ type: 7, value: ipBytes(ip) })),
    ...(spec.uris ?? []).map((value) => ({ type: 6, value })),
  ];
  if (altNames.length) exts.push({ name: 'subjectAltName', altNames });
  exts.push({
    name: 'subjectKeyIdentifier',
    value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, ski),
  });
  if (spec.issuer || spec.ca) exts.push({ name: 'authorityKeyIdentifier', keyIdentifier: aki });
  return exts;
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING (binary string). */
function keyIdentifier(spkiDer: Buffer): string {
  const spki = asn1.fromDer(forge.util.createBuffer(spkiDer.toString('binary')));
  const bits = (spki.value as forge.asn1.Asn1[])[1]!.value as string;
  return createHash('sha1')
    .update(Buffer.from(bits.slice(1), 'binary'))
    .digest('binary');
}

function algorithmIdentifier(oid: string, nullParams: boolean): forge.asn1.Asn1 {
  const parts = [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes())];
  if (nullParams) parts.push(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''));
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, parts);
}

/** The issuer's subject Name exactly as encoded in its certificate, so chains match byte for byte. */
function subjectNameOf(certificatePem: string): forge.asn1.Asn1 {
  const der = new X509Certificate(certificatePem).raw;
  const cert = asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const tbs = (cert.value as forge.asn1.Asn1[])[0]!;
  const tbsFields = tbs.value as forge.asn1.Asn1[];
  // v3 certificates start with the [0] version tag: version, serial, sigAlg, issuer, validity, subject.
  const offset = tbsFields[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 0 : -1;
  return tbsFields[5 + offset]!;
}
