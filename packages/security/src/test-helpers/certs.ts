/**
 * Test-only certificate factory (node-forge over node:crypto RSA keys): a CA and leaf certificates
 * with chosen subject CN/O values and extended key usages. Not exported from the package.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestCert {
  certPem: string;
  keyPem: string;
}

interface Issuer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

let serial = 1;

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    priv: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    pub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function build(
  subject: forge.pki.CertificateField[],
  extensions: object[],
  issuer: Issuer | undefined,
): TestCert & Issuer {
  const k = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = k.pub;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  cert.setExtensions(extensions);
  cert.sign(issuer ? issuer.key : k.priv, forge.md.sha256.create());
  return { cert, key: k.priv, certPem: forge.pki.certificateToPem(cert), keyPem: k.keyPem };
}

export function createCa(cn = 'test-ca'): TestCert & Issuer {
  return build(
    [{ name: 'commonName', value: cn }],
    [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
    undefined,
  );
}

export function createLeaf(
  ca: Issuer,
  options: { cn?: string; orgs?: string[]; clientAuth?: boolean; serverAuth?: boolean; ip?: string },
): TestCert {
  const subject: forge.pki.CertificateField[] = [];
  if (options.cn) subject.push({ name: 'commonName', value: options.cn });
  for (const o of options.orgs ?? []) subject.push({ name: 'organizationName', value: o });
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: options.clientAuth ?? false, serverAuth: options.serverAuth ?? false },
  ];
  if (options.ip) extensions.push({ name: 'subjectAltName', altNames: [{ type: 7, ip: options.ip }] });
  const { certPem, keyPem } = build(subject, extensions, ca);
  return { certPem, keyPem };
}
