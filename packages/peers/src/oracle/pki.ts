import { createPublicKey } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatePrivateKey, issueCertificate } from '@hs/pki';

export interface OraclePki {
  /** PEM of the CA that signs the serving and client certificates (the client CA too). */
  caPem: string;
  /** The admin client (CN admin, O system:masters). */
  adminCertPem: string;
  adminKeyPem: string;
  /** The serving pair (127.0.0.1, localhost), also usable by another server under test. */
  servingCertPem: string;
  servingKeyPem: string;
  files: {
    ca: string;
    servingCert: string;
    servingKey: string;
    saPublicKey: string;
    saSigningKey: string;
  };
}

/**
 * Certificates for the oracle, made with our own @hs/pki: one CA (serving and client CA), a
 * serving certificate for 127.0.0.1/localhost, an admin client certificate in system:masters and
 * the service-account token key pair kube-apiserver requires. Written into `dir`.
 */
export async function oraclePki(dir: string): Promise<OraclePki> {
  const caKey = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
  const caPem = issueCertificate({
    subject: { CN: 'oracle-ca' },
    subjectKey: caKey.key,
    validityDays: 2,
    ca: {},
    keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
  });
  const issuer = { certificatePem: caPem, key: caKey.key };
  const serving = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
  const servingPem = issueCertificate({
    subject: { CN: 'kube-apiserver' },
    subjectKey: serving.key,
    issuer,
    validityDays: 2,
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsage: ['serverAuth'],
    ipAddresses: ['127.0.0.1'],
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
  });
  const admin = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
  const adminCertPem = issueCertificate({
    subject: { CN: 'admin', O: ['system:masters'] },
    subjectKey: admin.key,
    issuer,
    validityDays: 2,
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsage: ['clientAuth'],
  });
  const sa = await generatePrivateKey({ type: 'rsa', size: 2048 });
  const files = {
    ca: join(dir, 'ca.crt'),
    servingCert: join(dir, 'serving.crt'),
    servingKey: join(dir, 'serving.key'),
    saPublicKey: join(dir, 'sa.pub'),
    saSigningKey: join(dir, 'sa.key'),
  };
  await writeFile(files.ca, caPem);
  await writeFile(files.servingCert, servingPem);
  await writeFile(files.servingKey, serving.pem, { mode: 0o600 });
  await writeFile(files.saSigningKey, sa.pem, { mode: 0o600 });
  await writeFile(
    files.saPublicKey,
    createPublicKey(sa.key).export({ type: 'spki', format: 'pem' }).toString(),
  );
  return {
    caPem,
    adminCertPem,
    adminKeyPem: admin.pem,
    servingCertPem: servingPem,
    servingKeyPem: serving.pem,
    files,
  };
}
